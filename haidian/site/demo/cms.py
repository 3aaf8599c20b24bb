"""Pages and news articles. ``{anchor}`` in a body becomes the anchor day of the data set."""

DEMO_PAGE_SLUG = "about-demo-data"

# slug: ((title_en, title_zh), (summary_en, summary_zh), (body_en, body_zh))
PAGES = {
    "about": (
        ("About the center", "关于中心"),
        (
            "The Haidian International Technology Transfer Center connects technology owners, buyers, agencies and lenders.",
            "海淀国际技术转移中心连接技术持有方、需求方、服务机构与金融机构。",
        ),
        (
            "<p>The district is home to more than 16,000 technology companies, 4,100 of them certified high-tech "
            "enterprises, 33 partner colleges and 50 state-level laboratories. The center turns their research into "
            "products at home and abroad.</p>"
            "<h2>What we do</h2><ul><li><p>A marketplace of technologies offered and wanted.</p></li>"
            "<li><p>A directory of accredited service agencies: 21 today, 100 by the end of next year.</p></li>"
            "<li><p>A register of signed transfer contracts: 11 so far, worth 53 billion yuan, with transfers to "
            "Japan, Sweden and Hong Kong.</p></li><li><p>An online financing service where lenders' products meet "
            "companies' needs.</p></li></ul>",
            "<p>海淀区拥有 1.6 万余家科技企业，其中高新技术企业 4100 家，合作高校 33 所，国家级实验室 50 个。"
            "中心帮助这些科研成果在国内外实现转化。</p>"
            "<h2>我们的工作</h2><ul><li><p>技术供给与需求对接平台。</p></li>"
            "<li><p>经认定的服务机构名录：目前 21 家，明年底达到 100 家。</p></li>"
            "<li><p>技术转移合同登记：已签约 11 项，金额 530 亿元，技术转移至日本、瑞典和香港。</p></li>"
            "<li><p>线上融资服务，对接金融机构产品与企业融资需求。</p></li></ul>",
        ),
    ),
    "how-to-list-a-technology": (
        ("How to list a technology", "如何发布技术"),
        (
            "Offer a technology for transfer or tell us what you need, through an accredited agency.",
            "通过经认定的服务机构发布可转移的技术或技术需求。",
        ),
        (
            "<ol><li><p>Choose a service agency from the directory; it will broker the transfer.</p></li>"
            "<li><p>Describe the technology in English and Chinese: what it does, its readiness level (TRL 1-9), "
            "its IP status with patent numbers, and how you would transfer it.</p></li>"
            "<li><p>The agency submits the listing; the center reviews it within five working days.</p></li>"
            "<li><p>Once published, inquiries from visitors go to the agency, which answers within the center's "
            "response-time target, stated at the foot of every page.</p></li>"
            "</ol><p>Listings are checked every six months and withdrawn when no longer current.</p>",
            "<ol><li><p>从名录中选择一家服务机构，由其负责撮合交易。</p></li>"
            "<li><p>用中英文介绍技术：功能、技术成熟度（1-9 级）、知识产权状态及专利号、可接受的转移方式。</p></li>"
            "<li><p>服务机构提交后，中心在五个工作日内完成审核。</p></li>"
            "<li><p>发布后，访客的咨询将发送给服务机构，由其在中心承诺的答复时限内答复（见每页页脚）。</p></li></ol>"
            "<p>发布信息每六个月核实一次，过期信息将被撤下。</p>",
        ),
    ),
    "financing-service": (
        ("The financing service", "融资服务"),
        (
            "How lenders' products are matched with companies' financing needs.",
            "金融机构产品与企业融资需求如何匹配。",
        ),
        (
            "<p>Banks, IP-finance firms, guarantors, leasing companies, investors and the district fund publish "
            "their products with amount, term and rate ranges and the sectors and company stages they accept.</p>"
            "<p>For each financing need the site lists the products that fit, and says for each one whether the "
            "type, amount, term, sector and stage match.</p>",
            "<p>银行、知识产权金融机构、担保机构、租赁公司、投资机构及区级基金发布产品，"
            "注明金额、期限、利率范围及适用的行业与企业阶段。</p>"
            "<p>对每项融资需求，网站列出适合的产品，并逐项说明类型、金额、期限、行业与阶段是否匹配。</p>",
        ),
    ),
    DEMO_PAGE_SLUG: (
        ("About the demo data", "关于演示数据"),
        (
            "Everything on this site is demo data: the organizations, agencies, listings and contracts are fictional.",
            "本网站所有内容均为演示数据：机构、服务机构、技术信息与合同均为虚构。",
        ),
        (
            "<p>This site runs on a demo data set loaded by manage.py seed_demo. The headline figures "
            "come from the center's announcement; earlier periods marked as illustrative are invented to show "
            "trends.</p><p>Every company, college, laboratory, lender, agency, listing, contract and financing "
            "need is fictional. Names that resemble real ones do so by chance. E-mail addresses and websites "
            "use example.com, example.org and example.net, which reach nobody.</p>"
            "<p>Dates are relative to {anchor}, the day the data set was first loaded.</p>",
            "<p>本网站使用由 manage.py seed_demo 加载的演示数据。核心指标来自中心公告；"
            "标注为示意性的早期数值为展示趋势而虚构。</p><p>所有企业、高校、实验室、金融机构、服务机构、"
            "技术信息、合同与融资需求均为虚构，如与真实名称相似纯属巧合。电子邮箱与网址均使用 example.com、"
            "example.org 和 example.net，不会发送给任何人。</p><p>数据中的日期以首次加载日 {anchor} 为基准。</p>",
        ),
    ),
}

# slug: (published N days before the anchor or None for a draft, titles, summaries, bodies)
ARTICLES = {
    "contracts-worth-53-billion-yuan": (
        4,
        ("Eleven transfer contracts worth 53 billion yuan", "11 项技术转移合同签约金额达 530 亿元"),
        (
            "Chips, genomics, navigation and medical technology lead the contracts signed through the center.",
            "芯片、基因组、导航与医疗技术领跑经中心签约的合同。",
        ),
        (
            "<p>Eleven technology transfer contracts have now been signed through the center, worth 53 billion "
            "yuan in total. The largest is a licence of a RISC-V processor family to a Japanese chip maker.</p>"
            "<p>Six contracts send technology abroad or to Hong Kong; five keep it in the mainland.</p>",
            "<p>经中心签约的技术转移合同已达 11 项，总金额 530 亿元，其中金额最大的是一项面向日本芯片企业的 "
            "RISC-V 处理器系列许可。</p><p>其中 6 项合同将技术转移至境外或香港，5 项在内地转化。</p>",
        ),
    ),
    "japan-sweden-hong-kong": (
        300,
        ("Haidian technologies reach Japan, Sweden and Hong Kong", "海淀技术走向日本、瑞典和香港"),
        (
            "Endoscopes to Osaka, sequencing to Stockholm and diagnostics to Hong Kong.",
            "内窥镜落地大阪，测序技术进入斯德哥尔摩，诊断产品走进香港。",
        ),
        (
            "<p>The center's first international transfers have gone to Japan, Sweden and Hong Kong, brokered by "
            "agencies with teams that speak the buyers' languages.</p><blockquote><p>Buyers want a partner who "
            "stays after signing.</p></blockquote>",
            "<p>中心首批国际技术转移落地日本、瑞典和香港，由熟悉买方语言的服务机构团队撮合。</p>"
            "<blockquote><p>买方需要的是签约后仍能持续服务的伙伴。</p></blockquote>",
        ),
    ),
    "innovation-investment-up-24-percent": (
        40,
        ("Innovation investment up 24 % in six months", "半年创新投入同比增长 24%"),
        (
            "Companies in the district invested 18.5 billion yuan in innovation in the half-year.",
            "区内企业半年创新投入 185 亿元。",
        ),
        (
            "<p>Innovation investment by companies in the district reached 18.5 billion yuan in the last half-year, "
            "24 % more than a year earlier. High-tech companies earned 877 billion yuan last year.</p>"
            "<p>Growth was strongest in biomedicine, integrated-circuit design and manufacture, navigation services, "
            "next-generation internet, genome sequencing and supercomputing.</p>",
            "<p>区内企业最近半年创新投入达 185 亿元，同比增长 24%。高新技术企业去年总收入 8770 亿元。</p>"
            "<p>增长最快的领域为生物医药、集成电路设计与制造、导航服务、下一代互联网、基因测序和超级计算。</p>",
        ),
    ),
    "twenty-one-agencies": (
        60,
        ("Twenty-one service agencies, on the way to one hundred", "21 家服务机构，迈向 100 家"),
        (
            "The center aims for 100 accredited service agencies by the end of next year.",
            "中心计划明年底前使经认定的服务机构达到 100 家。",
        ),
        (
            "<p>Twenty-one service agencies now broker transfers through the center, offering brokerage, IP and "
            "legal services, evaluation, financing advisory, incubation and international liaison.</p>"
            "<p>The center aims for 100 agencies by the end of next year and welcomes applications.</p>",
            "<p>目前已有 21 家服务机构通过中心开展技术转移服务，涵盖技术经纪、知识产权与法律、评估、融资顾问、"
            "孵化及国际联络。</p><p>中心计划明年底前达到 100 家，欢迎申请。</p>",
        ),
    ),
    "financing-service-opens": (
        90,
        ("Online financing service opens", "线上融资服务上线"),
        (
            "Lenders publish products; companies publish needs; the site shows which fit.",
            "金融机构发布产品，企业发布需求，网站展示匹配结果。",
        ),
        (
            "<p>Banks, guarantors, leasing firms, investors and the district fund have published more than twenty "
            "financing products, from start-up microloans to patent-portfolio financing.</p>",
            "<p>银行、担保机构、租赁公司、投资机构及区级基金已发布二十余款融资产品，从初创企业小额贷款到专利组合融资。</p>",
        ),
    ),
    "agency-application-round": (
        None,
        ("Call for service agencies (draft)", "服务机构征集通知（草稿）"),
        ("Draft of the next call for service agencies.", "下一轮服务机构征集通知草稿。"),
        ("<p>Draft: criteria and dates to be confirmed.</p>", "<p>草稿：条件与时间待定。</p>"),
    ),
}
