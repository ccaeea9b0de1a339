from awards.articles import article_label, chinese_number


def test_chinese_article_numbers_up_to_the_regulations_last_article():
    assert [chinese_number(t) for t in ("三", "十", "十二", "二十", "二十三", "三十一")] == [
        3,
        10,
        12,
        20,
        23,
        31,
    ]


def test_an_english_reader_sees_article_numbers():
    assert article_label("第十四条、第十五条", "en") == "Art. 14, Art. 15"


def test_a_chinese_reader_sees_the_regulations_words():
    assert article_label("第三十一条", "zh-hans") == "第三十一条"
