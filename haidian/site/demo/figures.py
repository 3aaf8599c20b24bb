"""Key figures from the center's announcement, each with earlier periods so the site can show a trend.

A period is one of:
    ("year", n)       the calendar year n years from the anchor's (-1: last year)
    ("half", n)       the last half-year completed before the anchor, shifted by n years
    ("year_end", n)   a stock counted on 31 December of the anchor's year + n
    ("today", 0)      a stock counted on the anchor day
    ("target", n)     from the anchor day to 31 December of the anchor's year + n
A value of None marks a figure computed from the register on every read (``haidian.core.key_figures``):
its row states only the period (the calendar year, counted to date) and the source. Its year-on-year
change is computed too, so it needs no earlier row.
Earlier values that the announcement does not give are illustrative: flagged so, and the page says it.
A unit of YUAN marks an amount of yuan, stored in yuan and shown as CN¥ / 万元 / 亿元.
"""

ANNOUNCED = (
    "Announcement of the Haidian International Technology Transfer Center",
    "海淀国际技术转移中心公告",
)
ILLUSTRATIVE = ("Illustrative earlier value (demo data)", "示意性早期数值（演示数据）")
AGENCY_COUNT = ("Counted from the service agency directory", "根据服务机构名录统计")
CONTRACT_REGISTER = ("Computed from the contract register", "根据合同登记统计")
PUBLIC_CONTRACT_VALUES = (
    "Computed from the contract register: public values only, confidential values left out",
    "根据合同登记统计：仅含公开金额，不含保密合同金额",
)

YUAN = None  # an amount of yuan: no unit, the amount is formatted as money

# key: (position, (label_en, label_zh), (unit_en, unit_zh), [(period, value, source), ...])
FIGURES = {
    "technology-companies": (
        10,
        ("Technology companies in the district", "区内科技企业"),
        ("companies", "家"),
        [(("year_end", -1), "16000", ANNOUNCED), (("year_end", -2), "15100", ILLUSTRATIVE)],
    ),
    "high-tech-companies": (
        20,
        ("Certified high-tech companies", "高新技术企业"),
        ("companies", "家"),
        [(("year_end", -1), "4100", ANNOUNCED), (("year_end", -2), "3870", ILLUSTRATIVE)],
    ),
    "partner-colleges": (
        30,
        ("Partner colleges and universities", "合作高校"),
        ("colleges", "所"),
        [(("today", 0), "33", ANNOUNCED), (("year_end", -1), "29", ILLUSTRATIVE)],
    ),
    "state-level-labs": (
        40,
        ("State-level laboratories", "国家级实验室"),
        ("laboratories", "个"),
        [(("today", 0), "50", ANNOUNCED), (("year_end", -1), "47", ILLUSTRATIVE)],
    ),
    "service-agencies": (
        50,
        ("Service agencies working with the center", "入驻服务机构"),
        ("agencies", "家"),
        [(("year", 0), None, AGENCY_COUNT)],
    ),
    "service-agencies-target": (
        60,
        ("Target number of service agencies", "服务机构数量目标"),
        ("agencies", "家"),
        [(("target", 1), "100", ANNOUNCED)],
    ),
    "signed-contracts": (
        70,
        ("Signed technology transfer contracts", "已签约技术转移合同"),
        ("contracts", "项"),
        [(("year", 0), None, CONTRACT_REGISTER)],
    ),
    "contract-value": (
        80,
        ("Value of signed contracts", "已签约合同金额"),
        YUAN,
        [(("year", 0), None, PUBLIC_CONTRACT_VALUES)],
    ),
    "high-tech-revenue": (
        90,
        ("Revenue of high-tech companies", "高新技术企业总收入"),
        YUAN,
        [(("year", -1), "877000000000", ANNOUNCED), (("year", -2), "792000000000", ILLUSTRATIVE)],
    ),
    "innovation-investment": (
        100,
        ("Innovation investment in six months", "半年创新投入"),
        YUAN,
        # 18.5 / 14.92 = 1.24: up 24 % year on year, as announced.
        [(("half", 0), "18500000000", ANNOUNCED), (("half", -1), "14920000000", ILLUSTRATIVE)],
    ),
}
