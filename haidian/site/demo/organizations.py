"""Fictional organizations: companies, colleges, state key labs, institutes, lenders and investors.

Every name is invented for the demo; the loader puts "Fictional organization (demo data)" in front
of each description and gives each a website on an example.com domain.
"""

CITIES = {
    "beijing": ("Beijing", "北京"),
    "shanghai": ("Shanghai", "上海"),
    "shenzhen": ("Shenzhen", "深圳"),
    "tokyo": ("Tokyo", "东京"),
    "osaka": ("Osaka", "大阪"),
    "stockholm": ("Stockholm", "斯德哥尔摩"),
    "gothenburg": ("Gothenburg", "哥德堡"),
    "hong-kong": ("Hong Kong", "香港"),
    "munich": ("Munich", "慕尼黑"),
    "singapore": ("Singapore", "新加坡"),
}

# ((slug, kind, country, city, high-tech certified), (name_en, name_zh), (about_en, about_zh))
ORGANIZATIONS = [
    # Companies in the district.
    (
        ("lanxin-microelectronics", "company", "CN", "beijing", True),
        ("Lanxin Microelectronics Co., Ltd.", "蓝芯微电子有限公司"),
        ("Designs low-power processor and sensor-hub chips.", "设计低功耗处理器与传感器中枢芯片。"),
    ),
    (
        ("jingwei-semiconductor", "company", "CN", "beijing", True),
        ("Jingwei Semiconductor Manufacturing Co., Ltd.", "晶维半导体制造有限公司"),
        ("Runs a 12-inch specialty wafer line.", "运营一条 12 英寸特色工艺晶圆生产线。"),
    ),
    (
        ("xinfeng-packaging", "company", "CN", "beijing", True),
        ("Xinfeng Packaging and Test Co., Ltd.", "芯封封装测试有限公司"),
        ("Advanced packaging and chiplet integration services.", "提供先进封装与芯粒集成服务。"),
    ),
    (
        ("xingtu-navigation", "company", "CN", "beijing", True),
        ("Xingtu Navigation Technology Co., Ltd.", "星图导航科技有限公司"),
        ("BeiDou receivers and fleet-management services.", "北斗接收机与车队管理服务。"),
    ),
    (
        ("cedian-positioning", "company", "CN", "beijing", True),
        ("Cedian Positioning Co., Ltd.", "测点定位有限公司"),
        ("High-precision positioning networks and algorithms.", "高精度定位网络与算法。"),
    ),
    (
        ("yunhai-networks", "company", "CN", "beijing", True),
        ("Yunhai Networks Co., Ltd.", "云海网络有限公司"),
        ("IPv6 routing software and network operations.", "IPv6 路由软件与网络运维。"),
    ),
    (
        ("wulian-sensing", "company", "CN", "beijing", True),
        ("Wulian Sensing Technology Co., Ltd.", "物联智感科技有限公司"),
        ("Low-power IoT sensors and device platforms.", "低功耗物联网传感器与设备平台。"),
    ),
    (
        ("dunjia-security", "company", "CN", "beijing", True),
        ("Dunjia Network Security Co., Ltd.", "盾甲网络安全有限公司"),
        ("Intrusion detection and post-quantum cryptography.", "入侵检测与后量子密码。"),
    ),
    (
        ("heyuan-pharmaceuticals", "company", "CN", "beijing", True),
        ("Heyuan Pharmaceuticals Co., Ltd.", "禾源药业有限公司"),
        ("Develops small-molecule and antibody drugs.", "研发小分子与抗体药物。"),
    ),
    (
        ("mingjing-medical", "company", "CN", "beijing", True),
        ("Mingjing Medical Devices Co., Ltd.", "明镜医疗器械有限公司"),
        ("Endoscopes and surgical imaging systems.", "内窥镜与手术影像系统。"),
    ),
    (
        ("ruijian-diagnostics", "company", "CN", "beijing", True),
        ("Ruijian Diagnostics Co., Ltd.", "锐检诊断有限公司"),
        ("Point-of-care assays and analysers.", "即时检验试剂与分析仪。"),
    ),
    (
        ("xuhe-genomics", "company", "CN", "beijing", True),
        ("Xuhe Genomics Co., Ltd.", "序和基因科技有限公司"),
        ("Sequencing instruments and library-preparation kits.", "测序仪与文库制备试剂盒。"),
    ),
    (
        ("shuzhi-bioinformatics", "company", "CN", "beijing", False),
        ("Shuzhi Bioinformatics Co., Ltd.", "数智生信科技有限公司"),
        ("Genome analysis pipelines as a service.", "提供基因组分析流程服务。"),
    ),
    (
        ("qiongyu-supercomputing", "company", "CN", "beijing", True),
        ("Qiongyu Supercomputing Services Co., Ltd.", "穹宇超算服务有限公司"),
        ("Sells computing time and simulation services.", "提供计算机时与仿真服务。"),
    ),
    (
        ("suanli-ai-computing", "company", "CN", "beijing", True),
        ("Suanli AI Computing Co., Ltd.", "算力智能科技有限公司"),
        ("Builds and operates AI training clusters.", "建设并运营人工智能训练集群。"),
    ),
    (
        ("shuyuan-software", "company", "CN", "beijing", False),
        ("Shuyuan Scientific Software Co., Ltd.", "数源科学软件有限公司"),
        ("Parallel solvers for engineering simulation.", "面向工程仿真的并行求解器。"),
    ),
    (
        ("qimiao-biotech", "company", "CN", "beijing", False),
        ("Qimiao Biotech Co., Ltd.", "启苗生物科技有限公司"),
        ("A seed-stage start-up working on cell therapy.", "一家从事细胞治疗的种子期初创企业。"),
    ),
    (
        ("tongyun-logistics", "company", "CN", "shanghai", False),
        ("Tongyun Logistics Technology Co., Ltd.", "通运物流科技有限公司"),
        ("A logistics operator modernising its fleet.", "正在升级车队的物流企业。"),
    ),
    (
        ("huikang-hospital-group", "company", "CN", "shenzhen", False),
        ("Huikang Hospital Group Co., Ltd.", "惠康医疗集团有限公司"),
        ("Runs twelve private hospitals.", "运营十二家民营医院。"),
    ),
    (
        ("guangsu-photonics", "company", "CN", "beijing", True),
        ("Guangsu Photonics Co., Ltd.", "光速光子科技有限公司"),
        ("Silicon photonics transceivers for data centres.", "面向数据中心的硅光收发模块。"),
    ),
    # Buyers and partners abroad and in Hong Kong.
    (
        ("sakuragawa-medical", "company", "JP", "osaka", False),
        ("Sakuragawa Medical K.K.", "樱川医疗株式会社"),
        ("Makes endoscopy and imaging equipment.", "生产内窥镜与影像设备。"),
    ),
    (
        ("minato-semiconductor", "company", "JP", "tokyo", False),
        ("Minato Semiconductor Corporation", "凑半导体株式会社"),
        ("Automotive and industrial chips.", "车规与工业芯片。"),
    ),
    (
        ("bjorkvik-life-science", "company", "SE", "stockholm", False),
        ("Björkvik Life Science AB", "比约克维克生命科学公司"),
        ("Genomics services for Nordic hospitals.", "为北欧医院提供基因组服务。"),
    ),
    (
        ("stromsund-networks", "company", "SE", "gothenburg", False),
        ("Strömsund Networks AB", "斯特伦松德网络公司"),
        ("Operates regional fibre and IPv6 networks.", "运营区域光纤与 IPv6 网络。"),
    ),
    (
        ("kowloon-bay-medtech", "company", "HK", "hong-kong", False),
        ("Kowloon Bay Medtech Limited", "九龙湾医疗科技有限公司"),
        ("Distributes diagnostics across Asia.", "在亚洲分销诊断产品。"),
    ),
    (
        ("harbourview-computing", "company", "HK", "hong-kong", False),
        ("Harbourview Computing Limited", "港景计算有限公司"),
        ("Runs a research computing centre.", "运营一座科研计算中心。"),
    ),
    (
        ("isarwerk-sensorik", "company", "DE", "munich", False),
        ("Isarwerk Sensorik GmbH", "伊萨尔沃克传感技术有限公司"),
        ("Industrial sensors and IoT gateways.", "工业传感器与物联网网关。"),
    ),
    (
        ("merlion-genomics", "company", "SG", "singapore", False),
        ("Merlion Genomics Pte. Ltd.", "狮城基因私人有限公司"),
        ("Population genomics programmes.", "人群基因组项目。"),
    ),
    # Partner colleges, state key laboratories and institutes.
    (
        ("xishan-university-of-technology", "university", "CN", "beijing", False),
        ("Xishan University of Technology", "西山理工大学"),
        ("A partner college strong in navigation and materials.", "导航与材料学科见长的合作高校。"),
    ),
    (
        ("jingxi-university", "university", "CN", "beijing", False),
        ("Jingxi University of Science and Technology", "京西科技大学"),
        ("A partner college strong in microelectronics and computing.", "微电子与计算学科见长的合作高校。"),
    ),
    (
        ("huayuan-medical-university", "university", "CN", "beijing", False),
        ("Huayuan Medical University", "华苑医科大学"),
        ("A partner college with three teaching hospitals.", "拥有三家附属医院的合作高校。"),
    ),
    (
        ("beiyuan-posts-university", "university", "CN", "beijing", False),
        ("Beiyuan University of Posts and Telecommunications", "北苑邮电大学"),
        ("A partner college strong in networks and security.", "网络与安全学科见长的合作高校。"),
    ),
    (
        ("skl-satellite-positioning", "state_lab", "CN", "beijing", False),
        (
            "State Key Laboratory of Satellite Positioning (Xishan University of Technology)",
            "卫星定位国家重点实验室（西山理工大学）",
        ),
        ("GNSS signals, receivers and augmentation.", "研究卫星导航信号、接收机与增强系统。"),
    ),
    (
        ("skl-integrated-microsystems", "state_lab", "CN", "beijing", False),
        (
            "State Key Laboratory of Integrated Microsystems (Jingxi University)",
            "集成微系统国家重点实验室（京西科技大学）",
        ),
        ("Devices, processes and design methods for chips.", "研究芯片器件、工艺与设计方法。"),
    ),
    (
        ("skl-genome-medicine", "state_lab", "CN", "beijing", False),
        (
            "State Key Laboratory of Genome Medicine (Huayuan Medical University)",
            "基因组医学国家重点实验室（华苑医科大学）",
        ),
        ("Clinical genomics and sequencing chemistry.", "研究临床基因组学与测序化学。"),
    ),
    (
        ("skl-future-networks", "state_lab", "CN", "beijing", False),
        (
            "State Key Laboratory of Future Network Architecture (Beiyuan University)",
            "未来网络体系结构国家重点实验室（北苑邮电大学）",
        ),
        ("IPv6, network measurement and IoT protocols.", "研究 IPv6、网络测量与物联网协议。"),
    ),
    (
        ("skl-parallel-computing", "state_lab", "CN", "beijing", False),
        (
            "State Key Laboratory of Parallel Computing Systems (Jingxi University)",
            "并行计算系统国家重点实验室（京西科技大学）",
        ),
        ("Schedulers, interconnects and parallel algorithms.", "研究调度系统、互连网络与并行算法。"),
    ),
    (
        ("yuquan-biomedical-institute", "institute", "CN", "beijing", False),
        ("Yuquan Institute of Biomedical Engineering", "玉泉生物医学工程研究院"),
        ("Applied research on devices and diagnostics.", "开展医疗器械与诊断的应用研究。"),
    ),
    (
        ("fenghuangling-computing-institute", "institute", "CN", "beijing", False),
        ("Fenghuangling Institute of Computing Technology", "凤凰岭计算技术研究院"),
        ("Applied research on AI systems and HPC.", "开展人工智能系统与高性能计算的应用研究。"),
    ),
    # Lenders, investors and a public fund.
    (
        ("chunhui-technology-bank", "lender", "CN", "beijing", False),
        ("Chunhui Technology Bank", "春晖科技银行"),
        ("A commercial bank with a technology-lending branch.", "设有科技信贷支行的商业银行。"),
    ),
    (
        ("yunqiao-commercial-bank", "lender", "CN", "beijing", False),
        ("Yunqiao Commercial Bank", "云桥商业银行"),
        ("Working-capital and equipment loans for SMEs.", "为中小企业提供流动资金与设备贷款。"),
    ),
    (
        ("xiyuan-rural-bank", "lender", "CN", "beijing", False),
        ("Xiyuan Rural Commercial Bank", "西苑农村商业银行"),
        ("Small loans for start-ups in the district.", "为区内初创企业提供小额贷款。"),
    ),
    (
        ("zhiquan-ip-finance", "lender", "CN", "beijing", False),
        ("Zhiquan IP Finance Co., Ltd.", "知泉知识产权金融服务有限公司"),
        ("Loans secured by patents and trademarks.", "以专利和商标为质押的贷款。"),
    ),
    (
        ("jinshi-guarantee", "lender", "CN", "beijing", False),
        ("Jinshi Credit Guarantee Co., Ltd.", "金石融资担保有限公司"),
        ("Guarantees bank loans for technology companies.", "为科技企业的银行贷款提供担保。"),
    ),
    (
        ("ruitong-leasing", "lender", "CN", "beijing", False),
        ("Ruitong Financial Leasing Co., Ltd.", "瑞通融资租赁有限公司"),
        ("Leases lab, fab and computing equipment.", "租赁实验室、产线与计算设备。"),
    ),
    (
        ("qihang-venture-capital", "investor", "CN", "beijing", False),
        ("Qihang Venture Capital", "启航创业投资"),
        ("Early-stage investor in deep technology.", "投资硬科技早期项目。"),
    ),
    (
        ("shijin-growth-capital", "investor", "CN", "beijing", False),
        ("Shijin Growth Capital", "拾金成长资本"),
        ("Growth equity and venture debt.", "成长期股权投资与风险债。"),
    ),
    (
        ("xinghuo-angel-fund", "investor", "CN", "beijing", False),
        ("Xinghuo Angel Fund", "星火天使基金"),
        ("Angel rounds for university spin-offs.", "投资高校衍生企业的天使轮。"),
    ),
    (
        ("demo-district-innovation-fund", "government", "CN", "beijing", False),
        ("Demo District Innovation Fund Office", "示范区创新基金办公室"),
        ("Administers grants for technology transfer.", "管理技术转移资助资金。"),
    ),
]
