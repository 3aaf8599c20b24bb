"""Quantified benefits of some demo listings: (metric, value, unit, compared with), both languages.

Fictional like the rest of the demo data. ``machine`` names the language columns of a claim whose
text came from machine translation, so the reader's "Machine translation" marker can be seen.
"""

CLAIMS = {
    "microfluidic-sepsis-test": [
        {
            "metric": ("Time to result", "出结果时间"),
            "value": "20",
            "unit": ("min", "分钟"),
            "compared_with": ("blood culture (24–72 h)", "血培养（24–72 小时）"),
        },
        {
            "metric": ("Sensitivity", "灵敏度"),
            "value": "92.5",
            "unit": ("%", "%"),
            "compared_with": ("blood culture as reference", "以血培养为参照"),
        },
    ],
    "low-input-library-prep": [
        {
            "metric": ("Minimum DNA input", "最低 DNA 起始量"),
            "value": "10",
            "unit": ("pg", "皮克"),
            "compared_with": ("1 ng for standard kits", "常规试剂盒 1 纳克"),
        },
        {
            "metric": ("Hands-on time", "手工操作时间"),
            "value": "-60",
            "unit": ("%", "%"),
            "compared_with": ("manual library preparation", "人工文库制备"),
        },
    ],
    "cloud-variant-calling-pipeline": [
        {
            "metric": ("Whole-genome analysis time", "全基因组分析时间"),
            "value": "25",
            "unit": ("min", "分钟"),
            "compared_with": ("about 30 h on a 32-core CPU server", "32 核 CPU 服务器约 30 小时"),
        },
        {
            "metric": ("Cost per genome", "每个基因组成本"),
            "value": "-70",
            "unit": ("%", "%"),
            "compared_with": ("CPU-only cloud pipeline", "纯 CPU 云端流程"),
        },
    ],
    "wafer-yield-analytics": [
        {
            "metric": ("Yield loss traced to root cause", "可追溯根因的良率损失"),
            "value": "85",
            "unit": ("%", "%"),
            "compared_with": ("manual wafer-map review", "人工晶圆图审查"),
            "machine": ["metric_zh_hans", "compared_with_zh_hans"],
        },
        {
            "metric": ("Engineering hours per excursion", "每次异常的工程工时"),
            "value": "-40",
            "unit": ("%", "%"),
            "compared_with": ("spreadsheet-based analysis", "基于电子表格的分析"),
            "machine": ["metric_zh_hans", "compared_with_zh_hans"],
        },
    ],
    "nb-iot-soil-sensor": [
        {
            "metric": ("Battery life", "电池寿命"),
            "value": "5",
            "unit": ("years", "年"),
            "compared_with": ("LoRa sensors reporting hourly", "每小时上报的 LoRa 传感器"),
        },
        {
            "metric": ("Irrigation water use", "灌溉用水量"),
            "value": "-18",
            "unit": ("%", "%"),
            "compared_with": (
                "fixed irrigation schedule, field trial in Hebei",
                "固定灌溉时间表（河北田间试验）",
            ),
        },
    ],
    "liquid-cooled-ai-cluster": [
        {
            "metric": ("Power usage effectiveness (PUE)", "电能利用效率（PUE）"),
            "value": "1.08",
            "unit": ("", ""),
            "compared_with": ("1.5 for an air-cooled hall", "风冷机房为 1.5"),
        },
        {
            "metric": ("Rack power density", "单机柜功率密度"),
            "value": "100",
            "unit": ("kW per rack", "千瓦/机柜"),
            "compared_with": ("about 15 kW air-cooled", "风冷约 15 千瓦"),
        },
    ],
    "llm-inference-compression": [
        {
            "metric": ("GPU memory for a 70B model", "70B 模型显存占用"),
            "value": "-72",
            "unit": ("%", "%"),
            "compared_with": ("16-bit weights", "16 比特权重"),
        },
        {
            "metric": ("Accuracy loss on benchmark suite", "基准测试精度损失"),
            "value": "0.8",
            "unit": ("percentage points", "个百分点"),
            "compared_with": ("16-bit weights", "16 比特权重"),
        },
    ],
}
