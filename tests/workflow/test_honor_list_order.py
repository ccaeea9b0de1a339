"""Issue 23.6: every honors list — the office's honors page, the public 获荣名单, the Word 报批稿 and the Excel
export — puts the title holders first, then the nominations, each in the order of the current ranking."""

import datetime
import io

import docx
import pytest

from awards.models import Application, Campaign
from tests.workflow.builders import application_in, campaign_in, ranking
from tests.xlsx import rows
from workflow.documents.exports import honors_xlsx
from workflow.documents.word import honors_list_docx
from workflow.selectors.honors import honors_of
from workflow.selectors.publicity import honors_published
from workflow.services.honors import create_honor_for

pytestmark = pytest.mark.django_db
S = Application.State


@pytest.fixture
def honored():
    campaign = campaign_in(Campaign.Phase.AWARDED)
    third = application_in(campaign, S.AWARDED, name="第三名")
    first = application_in(campaign, S.AWARDED, name="第一名")
    nominee = application_in(campaign, S.NOMINATION_AWARDED, name="提名人")
    ranking(campaign, [(first, "90"), (nominee, "85"), (third, "80")])
    # Certificates issued in an order that is neither the ranking nor the kind: the nomination first.
    for app in (nominee, third, first):
        create_honor_for(app, awarded_on=datetime.date(2031, 9, 1), document_number="沪智组8号")
    return campaign, ["第一名", "第三名", "提名人"]


def test_titles_come_first_then_nominations_each_by_rank(honored):
    campaign, expected = honored
    assert [h.application.name for h in honors_of(campaign)] == expected
    assert [h.application.name for h in honors_published(campaign)] == expected
    word = docx.Document(io.BytesIO(honors_list_docx(campaign)))
    names = [c.text for t in word.tables for r in t.rows for c in r.cells if c.text in expected]
    assert names == expected
    # Each row carries the code printed under the certificate's QR code (decisions 220), in list order.
    codes = [h.verify_code for h in honors_of(campaign)]
    assert [c.text for t in word.tables for r in t.rows for c in r.cells if c.text in codes] == codes
    header, *body = rows(honors_xlsx(campaign))
    column = next(i for i, h in enumerate(header) if h == "姓名")
    assert [r[column] for r in body] == expected
