"""The six growing sectors named in the center's announcement, each with its children."""

# (slug, (name_en, name_zh), (description_en, description_zh), children); children: (slug, names, descriptions).
SECTORS = [
    (
        "biomedicine",
        ("Biomedicine", "生物医药"),
        ("Innovative drugs, medical devices and diagnostics.", "创新药物、医疗器械与体外诊断。"),
        [
            (
                "innovative-drugs",
                ("Innovative drugs", "创新药物"),
                (
                    "New small-molecule, biologic and cell-therapy medicines.",
                    "小分子、生物药与细胞治疗等创新药物。",
                ),
            ),
            (
                "medical-devices",
                ("Medical devices", "医疗器械"),
                (
                    "Imaging, surgical, monitoring and rehabilitation devices.",
                    "影像、手术、监护与康复类医疗器械。",
                ),
            ),
            (
                "in-vitro-diagnostics",
                ("In-vitro diagnostics", "体外诊断"),
                ("Assays, analysers and point-of-care tests.", "检测试剂、分析仪与即时检验产品。"),
            ),
        ],
    ),
    (
        "integrated-circuits",
        ("Integrated circuits", "集成电路"),
        ("Chip design, wafer manufacturing, packaging and test.", "芯片设计、晶圆制造、封装与测试。"),
        [
            (
                "ic-design",
                ("IC design", "集成电路设计"),
                (
                    "Processor, analogue, RF and sensor chip design, EDA tools and IP cores.",
                    "处理器、模拟、射频与传感芯片设计，EDA 工具与 IP 核。",
                ),
            ),
            (
                "ic-manufacturing",
                ("IC manufacturing", "集成电路制造"),
                (
                    "Wafer processes, equipment, materials and yield engineering.",
                    "晶圆工艺、装备、材料与良率工程。",
                ),
            ),
            (
                "ic-packaging-testing",
                ("IC packaging and testing", "集成电路封装测试"),
                ("Advanced packaging, chiplets and automated test.", "先进封装、芯粒与自动化测试。"),
            ),
        ],
    ),
    (
        "navigation-services",
        ("Navigation services", "导航服务"),
        ("Satellite navigation, positioning and location services.", "卫星导航、定位与位置服务。"),
        [
            (
                "beidou-applications",
                ("BeiDou applications", "北斗应用"),
                (
                    "Receivers, timing and fleet services on the BeiDou system.",
                    "基于北斗系统的接收机、授时与车队服务。",
                ),
            ),
            (
                "high-precision-positioning",
                ("High-precision positioning", "高精度定位"),
                (
                    "Centimetre positioning, RTK networks and indoor location.",
                    "厘米级定位、RTK 网络与室内定位。",
                ),
            ),
        ],
    ),
    (
        "next-generation-internet",
        ("Next-generation internet", "下一代互联网"),
        ("IPv6 networks, the internet of things and network security.", "IPv6 网络、物联网与网络安全。"),
        [
            (
                "ipv6",
                ("IPv6 networks", "IPv6 网络"),
                ("IPv6 migration, routing, addressing and operations.", "IPv6 改造、路由、寻址与运维。"),
            ),
            (
                "internet-of-things",
                ("Internet of things", "物联网"),
                ("Sensors, low-power networks and device platforms.", "传感器、低功耗网络与设备平台。"),
            ),
            (
                "network-security",
                ("Network security", "网络安全"),
                (
                    "Intrusion detection, cryptography and secure infrastructure.",
                    "入侵检测、密码技术与安全基础设施。",
                ),
            ),
        ],
    ),
    (
        "genome-sequencing",
        ("Genome sequencing", "基因测序"),
        (
            "Sequencing instruments, bioinformatics and clinical genomics.",
            "测序仪器、生物信息分析与临床基因检测。",
        ),
        [
            (
                "sequencing-instruments",
                ("Sequencing instruments and reagents", "测序仪器与试剂"),
                ("Sequencers, library preparation and reagents.", "测序仪、文库制备与测序试剂。"),
            ),
            (
                "bioinformatics",
                ("Bioinformatics", "生物信息分析"),
                (
                    "Pipelines, genome assembly and variant interpretation.",
                    "分析流程、基因组组装与变异解读。",
                ),
            ),
            (
                "clinical-genomics",
                ("Clinical genomics", "临床基因检测"),
                (
                    "Genetic tests for hospitals: oncology, prenatal and rare disease.",
                    "面向医院的肿瘤、产前与罕见病基因检测。",
                ),
            ),
        ],
    ),
    (
        "supercomputing",
        ("Supercomputing", "超级计算"),
        (
            "High-performance computing services, AI computing and scientific software.",
            "高性能计算服务、人工智能算力与科学计算软件。",
        ),
        [
            (
                "hpc-services",
                ("HPC services", "高性能计算服务"),
                (
                    "Computing time, cloud HPC and simulation services.",
                    "计算机时、云端高性能计算与仿真服务。",
                ),
            ),
            (
                "ai-computing",
                ("AI computing", "人工智能算力"),
                (
                    "Training and inference clusters, accelerators and schedulers.",
                    "训练与推理集群、加速器与调度系统。",
                ),
            ),
            (
                "scientific-software",
                ("Scientific software", "科学计算软件"),
                ("Solvers, simulation codes and parallel libraries.", "求解器、仿真软件与并行计算库。"),
            ),
        ],
    ),
]
