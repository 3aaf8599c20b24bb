"""Companies' financing needs: most open, some matched, funded, withdrawn or still drafts.

amount in CNY; term in months or None; deadline: N days after the anchor (negative: past) or None.
Some amounts fall inside the products' ranges, some do not (too large, or no product of that type).
"""

# ((slug, company, sectors, status), (type, amount, term, stage, deadline), (title_en, title_zh),
#  (purpose_en, purpose_zh))
NEEDS = [
    (
        ("lanxin-tapeout-22nm", "lanxin-microelectronics", ["ic-design"], "open"),
        ("bank_loan", 15_000_000, 24, "growth", 90),
        ("Loan for a 22 nm tape-out", "22 纳米流片贷款"),
        (
            "Mask set and engineering wafers for the next sensor-hub chip.",
            "用于下一代传感器中枢芯片的掩模与工程晶圆。",
        ),
    ),
    (
        ("lanxin-series-b", "lanxin-microelectronics", ["ic-design"], "open"),
        ("equity", 120_000_000, None, "growth", 150),
        ("Series B round for automotive chips", "车规芯片 B 轮融资"),
        ("Automotive qualification and a sales team in Japan.", "车规认证及日本销售团队建设。"),
    ),
    (
        ("jingwei-inspection-tools", "jingwei-semiconductor", ["ic-manufacturing"], "open"),
        ("leasing", 280_000_000, 60, "mature", 120),
        ("Leasing of inspection and metrology tools", "检测与量测设备融资租赁"),
        ("Twelve inspection tools for the new patterning module.", "为新图形化模块配置十二台检测设备。"),
    ),
    (
        ("jingwei-expansion-loan", "jingwei-semiconductor", ["ic-manufacturing"], "open"),
        ("bank_loan", 2_000_000_000, 84, "mature", 200),
        ("Loan for a second 12-inch line", "第二条 12 英寸产线贷款"),
        (
            "Larger than any single product: a syndicated loan is expected.",
            "金额超出单一产品上限，预计需银团贷款。",
        ),
    ),
    (
        ("xinfeng-hybrid-bonding-line", "xinfeng-packaging", ["ic-packaging-testing"], "open"),
        ("leasing", 45_000_000, 48, "expansion", 75),
        ("Hybrid-bonding pilot line", "混合键合中试线"),
        ("Bonders and CMP tools for chiplet customers.", "为芯粒客户购置键合机与 CMP 设备。"),
    ),
    (
        ("xingtu-sea-expansion", "xingtu-navigation", ["beidou-applications"], "matched"),
        ("bank_loan", 30_000_000, 36, "expansion", 60),
        ("Working capital for South-East Asian projects", "东南亚项目流动资金"),
        ("Terminals for fleet projects in Thailand and Malaysia.", "用于泰国与马来西亚车队项目的终端。"),
    ),
    (
        ("xingtu-export-guarantee", "xingtu-navigation", ["beidou-applications"], "open"),
        ("guarantee", 40_000_000, 18, "expansion", 45),
        ("Performance guarantee for a Malaysian tender", "马来西亚投标履约保函"),
        ("The buyer asks for a bank-backed performance guarantee.", "买方要求提供银行背书的履约保函。"),
    ),
    (
        ("cedian-rtk-network", "cedian-positioning", ["high-precision-positioning"], "open"),
        ("ip_pledge", 8_000_000, 24, "growth", 100),
        ("Patent pledge loan for an RTK network", "RTK 网络专利质押贷款"),
        ("Reference stations in three provinces.", "在三个省份建设基准站。"),
    ),
    (
        ("yunhai-nordic-office", "yunhai-networks", ["ipv6"], "funded"),
        ("grant", 2_000_000, None, "growth", 80),
        ("Grant for a Stockholm office", "斯德哥尔摩办事处资助"),
        ("Engineers on site for the Swedish IPv6 contract.", "为瑞典 IPv6 合同派驻工程师。"),
    ),
    (
        ("yunhai-ip-loan", "yunhai-networks", ["ipv6"], "open"),
        ("ip_pledge", 6_000_000, 24, "growth", 130),
        ("Software copyright pledge loan", "软件著作权质押贷款"),
        ("Development of the SRv6 controller product.", "开发 SRv6 控制器产品。"),
    ),
    (
        ("wulian-sensor-production", "wulian-sensing", ["internet-of-things"], "open"),
        ("bank_loan", 5_000_000, 12, "growth", 40),
        ("Working capital for sensor production", "传感器生产流动资金"),
        (
            "Components for 200,000 soil sensors ordered by a distributor.",
            "为经销商订购的 20 万支土壤传感器采购元件。",
        ),
    ),
    (
        ("wulian-series-a", "wulian-sensing", ["internet-of-things"], "open"),
        ("equity", 30_000_000, None, "startup", 170),
        ("Series A for the device platform", "设备平台 A 轮融资"),
        ("Cloud platform and sales in Germany.", "云平台建设与德国市场销售。"),
    ),
    (
        ("dunjia-pq-certification", "dunjia-security", ["network-security"], "open"),
        ("venture_debt", 20_000_000, 36, "growth", 110),
        ("Venture debt for certification", "用于产品认证的风险债"),
        (
            "Certification of the post-quantum VPN gateway in three markets.",
            "后量子 VPN 网关在三个市场的认证。",
        ),
    ),
    (
        ("heyuan-ind-enabling", "heyuan-pharmaceuticals", ["innovative-drugs"], "open"),
        ("equity", 300_000_000, None, "expansion", 210),
        ("Financing for IND-enabling studies", "新药临床申请前研究融资"),
        ("Toxicology and manufacturing for the KRAS inhibitor.", "KRAS 抑制剂的毒理与生产研究。"),
    ),
    (
        ("heyuan-patent-portfolio", "heyuan-pharmaceuticals", ["innovative-drugs"], "matched"),
        ("ip_pledge", 60_000_000, 36, "expansion", 95),
        ("Patent portfolio loan", "专利组合贷款"),
        ("Secured by 34 granted patents; funds the ADC platform.", "以 34 件授权专利质押，支持 ADC 平台。"),
    ),
    (
        ("mingjing-clean-room", "mingjing-medical", ["medical-devices"], "open"),
        ("leasing", 18_000_000, 48, "expansion", 70),
        ("Clean-room leasing", "洁净室融资租赁"),
        ("A class 7 clean room for the new endoscope line.", "为新内窥镜产线建设 7 级洁净室。"),
    ),
    (
        ("mingjing-export-grant", "mingjing-medical", ["medical-devices"], "funded"),
        ("grant", 3_000_000, None, "expansion", -30),
        ("International transfer grant for Japan", "对日技术转移资助"),
        ("Certification and training costs of the Osaka transfer.", "大阪技术转移的认证与培训费用。"),
    ),
    (
        ("ruijian-analyser-production", "ruijian-diagnostics", ["in-vitro-diagnostics"], "open"),
        ("bank_loan", 12_000_000, 24, "growth", 55),
        ("Loan for analyser production", "分析仪生产贷款"),
        ("Tooling and the first 5,000 analysers.", "模具及首批 5000 台分析仪。"),
    ),
    (
        ("ruijian-guarantee", "ruijian-diagnostics", ["in-vitro-diagnostics"], "open"),
        ("guarantee", 10_000_000, 24, "growth", 35),
        ("Guarantee for a bank loan", "银行贷款担保"),
        (
            "The bank asks for a guarantee because the company has little fixed collateral.",
            "由于固定资产较少，银行要求提供担保。",
        ),
    ),
    (
        ("xuhe-flow-cell-plant", "xuhe-genomics", ["sequencing-instruments"], "open"),
        ("leasing", 40_000_000, 60, "expansion", 140),
        ("Equipment for a flow-cell plant", "测序芯片工厂设备"),
        ("Wafer processing and assembly tools for flow cells.", "测序芯片的晶圆加工与组装设备。"),
    ),
    (
        ("shuzhi-gpu-servers", "shuzhi-bioinformatics", ["bioinformatics"], "open"),
        ("leasing", 9_000_000, 36, "startup", 65),
        ("GPU servers for the analysis service", "分析服务 GPU 服务器"),
        (
            "Below the computing-leasing minimum; a lab-equipment lease may fit.",
            "低于算力租赁起点，实验室设备租赁或可适用。",
        ),
    ),
    (
        ("shuzhi-seed-extension", "shuzhi-bioinformatics", ["bioinformatics"], "open"),
        ("equity", 8_000_000, None, "startup", 25),
        ("Seed extension", "种子轮追加融资"),
        ("Hiring clinical geneticists for interpretation.", "招聘临床遗传学家开展变异解读。"),
    ),
    (
        ("qiongyu-cluster-expansion", "qiongyu-supercomputing", ["hpc-services"], "open"),
        ("leasing", 150_000_000, 60, "expansion", 160),
        ("Cluster expansion", "集群扩容"),
        ("2,000 accelerators for the materials simulation service.", "为材料计算服务新增 2000 张加速卡。"),
    ),
    (
        ("suanli-second-site", "suanli-ai-computing", ["ai-computing"], "open"),
        ("bank_loan", 800_000_000, 84, "mature", 190),
        ("Loan for a second computing site", "第二计算中心贷款"),
        (
            "Above every bank product’s ceiling; the company also talks to leasing firms.",
            "超出所有银行产品上限，企业也在洽谈租赁机构。",
        ),
    ),
    (
        ("suanli-growth-round", "suanli-ai-computing", ["ai-computing"], "matched"),
        ("equity", 400_000_000, None, "growth", 120),
        ("Growth round", "成长期融资"),
        ("Liquid-cooling product line and overseas sales.", "液冷产品线与海外销售。"),
    ),
    (
        ("shuyuan-cfd-cloud", "shuyuan-software", ["scientific-software"], "open"),
        ("ip_pledge", 3_000_000, 24, "startup", 85),
        ("Copyright pledge for a cloud CFD service", "云端流体仿真服务著作权质押"),
        ("Porting the solver to a pay-per-use cloud service.", "将求解器移植为按需付费的云服务。"),
    ),
    (
        ("qimiao-angel", "qimiao-biotech", ["innovative-drugs"], "open"),
        ("equity", 3_000_000, None, "seed", 50),
        ("Angel round for CAR-NK", "CAR-NK 天使轮"),
        ("Process development and the first animal studies.", "工艺开发与首批动物实验。"),
    ),
    (
        ("qimiao-microloan", "qimiao-biotech", ["innovative-drugs"], "open"),
        ("bank_loan", 1_000_000, 12, "seed", 20),
        ("Microloan for lab consumables", "实验耗材小额贷款"),
        ("Reagents and cell culture media for six months.", "六个月的试剂与细胞培养基。"),
    ),
    (
        ("guangsu-photonics-line", "guangsu-photonics", ["ic-design"], "withdrawn"),
        ("bank_loan", 25_000_000, 36, "growth", -10),
        ("Production line for optical modules", "光模块产线贷款"),
        ("Withdrawn: the company chose an equity round instead.", "已撤回：企业改为股权融资。"),
    ),
    (
        ("tongyun-tracker-rollout", "tongyun-logistics", ["beidou-applications"], "funded"),
        ("bank_loan", 18_000_000, 24, "mature", 30),
        ("Tracker roll-out", "追踪器部署"),
        ("80,000 BeiDou terminals for the fleet.", "为车队部署 8 万台北斗终端。"),
    ),
    (
        ("huikang-genomics-lab", "huikang-hospital-group", ["clinical-genomics"], "draft"),
        ("leasing", 35_000_000, 60, "mature", None),
        ("Sequencers for a genomics laboratory", "基因检测实验室测序仪"),
        ("Draft: the hospital group is still comparing instruments.", "草稿：医疗集团仍在比选仪器。"),
    ),
    (
        ("cedian-ppp-middle-east", "cedian-positioning", ["high-precision-positioning"], "draft"),
        ("grant", 12_000_000, None, "growth", 120),
        ("International grant for a Middle East service", "中东定位服务国际资助"),
        ("Draft: above the grant ceiling; the amount will be revised.", "草稿：金额高于资助上限，将调整。"),
    ),
    (
        ("dunjia-withdrawn-loan", "dunjia-security", ["network-security"], "withdrawn"),
        ("bank_loan", 4_000_000, 12, "growth", -60),
        ("Short working-capital loan", "短期流动资金贷款"),
        ("Withdrawn after a large customer paid early.", "大客户提前回款，已撤回。"),
    ),
]
