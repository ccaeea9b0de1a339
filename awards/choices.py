"""Choice lists from national standards used by the application forms (附件2 / 领军先锋 附件1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    """性别 — GB/T 2261.1."""

    MALE = "1", _("男")
    FEMALE = "2", _("女")


class PoliticalStatus(models.TextChoices):
    """政治面貌 — GB/T 4762."""

    CPC_MEMBER = "01", _("中国共产党党员")
    CPC_PROBATIONARY = "02", _("中国共产党预备党员")
    CYL_MEMBER = "03", _("中国共产主义青年团团员")
    RCCK = "04", _("中国国民党革命委员会会员")
    CDL = "05", _("中国民主同盟盟员")
    CNDCA = "06", _("中国民主建国会会员")
    CAPD = "07", _("中国民主促进会会员")
    CPWDP = "08", _("中国农工民主党党员")
    CZGP = "09", _("中国致公党党员")
    JS = "10", _("九三学社社员")
    TDSGL = "11", _("台湾民主自治同盟盟员")
    NON_PARTY = "12", _("无党派人士")
    MASSES = "13", _("群众")


class Education(models.TextChoices):
    """学历 — GB/T 4658 (graduation codes)."""

    DOCTORATE = "11", _("博士研究生毕业")
    MASTER = "14", _("硕士研究生毕业")
    BACHELOR = "21", _("大学本科毕业")
    JUNIOR_COLLEGE = "31", _("大学专科毕业")
    TECHNICAL_SECONDARY = "41", _("中等专科毕业")
    VOCATIONAL_HIGH = "44", _("职业高中毕业")
    TECHNICAL_SCHOOL = "47", _("技工学校毕业")
    HIGH_SCHOOL = "61", _("普通高中毕业")
    JUNIOR_HIGH = "71", _("初中毕业")
    OTHER = "90", _("其他")


class Degree(models.TextChoices):
    """学位 — GB/T 6864 (levels)."""

    NONE = "0", _("无学位")
    DOCTOR = "2", _("博士")
    MASTER = "3", _("硕士")
    BACHELOR = "4", _("学士")


class TitleLevel(models.TextChoices):
    """职称级别."""

    NONE = "none", _("无")
    JUNIOR = "junior", _("初级")
    INTERMEDIATE = "intermediate", _("中级")
    DEPUTY_SENIOR = "deputy_senior", _("副高级")
    SENIOR = "senior", _("正高级")
