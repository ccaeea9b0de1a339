"""Demo organisations (fictional units) — employers, an association, a district department and expert bodies."""

from awards.models import Organization

E = Organization.Kind.EMPLOYER
A = Organization.Kind.ASSOCIATION
D = Organization.Kind.DEPARTMENT

# key, name, kind, credit-code prefix (GB 32100 登记管理部门+机构类别+行政区划), address, postcode, contact
ORGANISATIONS = [
    ("iot", "上海申城物联科技有限公司", E, "91310104", "上海市徐汇区桂平路391号", "200233", "周敏"),
    ("net", "上海浦江通信网络工程有限公司", E, "91310115", "上海市浦东新区张江路665号", "201203", "陆海峰"),
    ("data", "上海城市数据服务有限公司", E, "91310106", "上海市静安区江场三路238号", "200436", "许倩"),
    ("gov", "上海汇政数字科技有限公司", E, "91310101", "上海市黄浦区北京东路668号", "200001", "沈佳"),
    ("ops", "上海城运智联科技有限公司", E, "91310105", "上海市长宁区金钟路999号", "200335", "顾晓东"),
    ("mes", "上海临港智造装备有限公司", E, "91310115", "上海市浦东新区新元南路555号", "201306", "钱立新"),
    ("xuhui", "上海市徐汇区城市运行管理中心", D, "12310104", "上海市徐汇区漕溪北路336号", "200030", "胡静"),
    ("traffic", "上海智行交通信息服务有限公司", E, "91310112", "上海市闵行区紫星路588号", "201100", "戴文杰"),
    ("care", "上海颐康数字健康科技有限公司", E, "91310107", "上海市普陀区中江路879号", "200333", "邵雯"),
    ("energy", "上海东海智慧能源科技有限公司", E, "91310113", "上海市宝山区逸仙路2816号", "200441", "朱国平"),
    ("edu", "上海智教云信息技术有限公司", E, "91310110", "上海市杨浦区国定东路200号", "200433", "孔蕾"),
    ("assoc", "上海市智慧城市建设促进会", A, "51310000", "上海市静安区巨鹿路758号", "200040", "吴光耀"),
    # expert bodies (experts' organisations are used for conflict-of-interest checks)
    ("univ", "浦江理工大学信息科学与工程学院", E, "12310000", "上海市杨浦区军工路516号", "200093", "林教授"),
    ("inst", "上海智慧城市发展研究院", E, "12310000", "上海市徐汇区宜山路700号", "200233", "潘老师"),
    ("gov-lab", "华东数字治理研究中心", E, "52310000", "上海市长宁区延安西路1882号", "200051", "汪老师"),
]

# recommender accounts unit1..unit5 are staff of these organisations
RECOMMENDER_ORGS = ["iot", "net", "assoc", "xuhui", "mes"]
EXPERT_ORGS = ["univ", "inst", "gov-lab"]
