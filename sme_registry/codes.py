"""The catalogue of problem codes: one place for title, message, severity and article.

`docs/errors.md` is generated from this table and tests check that every code is
documented and exercised by the bad-input corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

from sme_registry import vocabulary as vocab
from sme_registry.problems import Problem, Severity

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Code:
    code: str
    title: str
    template: str
    severity: Severity = E
    article: str = ""
    hint: str = ""


_CODES = [
    # E1xx: the file itself (encoding, size, YAML syntax and its traps)
    Code("E101", "文件不是 UTF-8 编码", "文件不是有效的 UTF-8 编码（第 {offset} 字节附近）",
         hint="请用支持 UTF-8 的编辑器（如 VS Code、记事本“另存为 UTF-8”）重新保存。"),
    Code("E102", "文件过大", "文件大小 {size} 字节，超过上限 {limit} 字节",
         hint="一个平台一个文件；过大的文件通常是误粘贴了大段内容。"),
    Code("E103", "YAML 语法错误", "YAML 语法错误：{detail}",
         hint="检查缩进（只用空格）、冒号后的空格和引号是否成对。"),
    Code("E104", "使用了制表符", "缩进中使用了制表符（Tab），YAML 只允许空格缩进",
         hint="把 Tab 替换为两个空格。"),
    Code("E105", "重复的键", "键“{key}”重复出现（第一次在第 {first_line} 行）",
         hint="同一层级的每个键只能写一次；删除或合并重复的一处。"),
    Code("E106", "不允许锚点或别名", "不允许使用 YAML 锚点（&）或别名（*）：{detail}",
         hint="请直接写出完整的值；锚点与别名会让数据难以审阅，也可能被滥用（“十亿笑声”攻击）。"),
    Code("E107", "易误读的布尔值", "“{value}”在 YAML 1.1 中会被读成布尔值；如表示文字请加引号，如表示是/否请写 true 或 false",
         hint="例如 `no` 在某些工具中会变成 false。"),
    Code("E108", "以 0 开头的数字", "数字“{value}”以 0 开头，在 YAML 1.1 中会被读成八进制；如是编号请加引号",
         hint="例如写成 \"0123\"。"),
    Code("E109", "日期格式不规范", "日期“{value}”格式不规范，请写成 YYYY-MM-DD（例如 2023-12-20）",
         hint="不要用斜杠、点号或省略前导零。"),
    Code("E110", "文件内容为空或结构不对", "{detail}",
         hint="平台文件的顶层应是“键: 值”的映射。"),
    Code("E111", "一个文件只能有一个文档", "文件中包含多个 YAML 文档（---）；每个文件只能描述一个对象"),
    Code("E112", "不允许的 YAML 标签", "不允许使用 YAML 标签“{tag}”",
         hint="删除以 ! 开头的标签，直接写值。"),
    Code("E113", "缺少必需的文件", "缺少必需的文件 {name}",
         hint="data/site.yaml 与 data/divisions.yaml 是每个名录都必须有的文件，可从本仓库复制。"),
    Code("E120", "公告头部格式错误", "公告头部第 {n} 行不是“键: 值”格式：{detail}",
         hint="公告文件开头每行写一个“键: 值”，头部与正文之间空一行。"),
    Code("E121", "公告头部键重复", "公告头部键“{key}”重复出现（第一次在第 {first_line} 行）"),
    Code("E122", "文件名不合法", "文件名“{name}”不合法：只能使用小写字母、数字和连字符（-）",
         hint="文件名就是网址的一部分，例如 2023-12-08-gongshi.md。"),
    # E2xx: the data contract (JSON Schema)
    Code("E201", "缺少必填字段", "缺少必填字段“{key}”"),
    Code("E202", "未知字段", "未知字段“{key}”{suggestion}",
         hint="字段名必须与数据格式说明（docs/data-format.md）一致。"),
    Code("E203", "类型错误", "“{field}”的值类型错误：应为{expected}"),
    Code("E204", "取值不在允许范围内", "“{field}”的值“{value}”不在允许范围内：{allowed}"),
    Code("E205", "格式错误", "“{field}”的值“{value}”格式不正确：{detail}"),
    Code("E206", "长度或数量超出范围", "“{field}”{detail}"),
    Code("E207", "列表中有重复项", "“{field}”中有重复项"),
    Code("E208", "id 与文件名不一致", "id“{id}”与文件名“{stem}”不一致；文件名必须是 id 加 .yaml"),
    Code("E209", "日期不存在", "日期“{value}”不存在"),
    Code("E210", "年份与文件名不一致", "year 为 {year}，但文件名是 {stem}.yaml；节假日安排文件名必须是年份"),
    # E3xx: the regulation
    Code("E301", "服务功能不在规定范围内", "服务功能“{value}”不在第六条规定的"
         f"{vocab.CHINESE_NUMERALS[len(vocab.SERVICES)]}项之内（{{allowed}}）", article="第六条"),
    Code("E302", "平台类别不正确", "平台类别“{value}”不正确，只能是" + "或".join(vocab.CATEGORIES), article="第七条"),
    Code("E303", "综合类平台服务功能不足", f"{vocab.COMPREHENSIVE}平台应具有不少于 {vocab.COMPREHENSIVE_MIN_SERVICES} 项服务功能，目前只有 {{count}} 项", article="第十条"),
    Code("E304", "专业类平台专业人员比例不足", f"{vocab.SPECIALISED}平台具有本专业领域工作经验的人员应不低于 {{threshold}}%，申报数据为 {{value}}%", article="第十条"),
    Code("E305", "基本条件未达标", "{criterion}应{op} {threshold}{unit}，申报数据为 {value}{unit}", article="第八条"),
    Code("E306", "功能条件未达标", "{function}：{criterion}应{op} {threshold}{unit}，申报数据为 {value}{unit}", article="第九条"),
    Code("E307", "申报数据不完整", "申报数据（metrics）中缺少{what}（字段 {key}）", article="第八条、第九条",
         hint="记录了申报数据时，第八条的各项和所选服务功能对应的第九条指标都要填写。"),
    Code("E310", "公示未列出该平台", "公示“{notice}”的 platforms 中没有本平台“{id}”", article="第十三条"),
    Code("E311", f"公示期不是 {vocab.PUBLICITY_WORKDAYS} 个工作日",
         f"公示“{{notice}}”自 {{start}} 至 {{end}}，共 {{days}} 个工作日，应为 {vocab.PUBLICITY_WORKDAYS} 个工作日",
         article="第十三条"),
    Code("E312", "公示未在认定前结束", "公示“{notice}”于 {end} 结束，认定日期 {certified_on} 应晚于公示结束日", article="第十三条"),
    Code("E313", "缺少工作日历数据", "{year} 年的法定节假日安排未知，无法计算工作日：请根据国务院办公厅的节假日安排通知新增 data/calendar/{year}.yaml",
         hint="请根据国务院办公厅当年发布的节假日安排通知，新增 data/calendar/{year}.yaml（格式见 docs/data-format.md）。"),
    Code("E314", "公示起止日期错误", "公示“{notice}”的开始日期 {start} 晚于结束日期 {end}", article="第十三条"),
    Code("E315", "公示缺少起止日期", f"类型为“{vocab.PUBLICITY.name}”的公告必须填写 publicity_start 和 publicity_end", article="第十三条"),
    Code("E316", "引用的公告类型不符", "“{field}”引用的公告“{notice}”类型是“{actual}”，应为“{expected}”"),
    Code("E317", "认定公告未列出该平台", "公告“{notice}”的 platforms 中没有本平台“{id}”", article="第十四条"),
    Code("E320", "批次与认定年份不一致", "批次 {batch} 与认定日期 {certified_on} 的年份不一致（每年评审一次）", article="第十五条"),
    Code("E321", "同一批次重复认定", "批次 {batch} 在本平台的认定记录中出现了两次", article="第十五条"),
    Code("E322", "认定有效期重叠", "本次认定（{certified_on}）早于上一次认定的有效期结束日 {previous_end}；"
         f"每次认定有效期{vocab.CHINESE_NUMERALS[vocab.TERM_YEARS]}年，期满后方可重新申请", article="第十八条"),
    Code("E323", "认定记录顺序错误", "认定记录应按认定日期从早到晚排列"),
    Code("E324", "认定日期晚于今天", "认定日期 {certified_on} 晚于今天（{today}）"),
    Code("E325", "没有认定记录", "平台既没有认定记录（terms），也没有正在公示的申报（pending）"),
    Code("E326", "待认定申报与认定记录冲突", "批次 {batch} 已有认定记录，pending 应删除"),
    Code("E330", "撤销理由不正确", "撤销理由“{value}”不正确，应为第二十条第（一）至（五）项之一（填 1 至 5）", article="第二十条"),
    Code("E331", "撤销时不在有效期内", "撤销日期 {date} 不在任何一次认定的有效期内", article="第二十条"),
    Code("E332", "撤销后三年内重新认定", f"平台于 {{revoked}} 被撤销资格，{vocab.REVOCATION_BAN_YEARS} 年内（至 {{ban_end}}）不得再次申报，但 {{certified_on}} 又被认定", article="第二十条"),
    Code("E340", "统一社会信用代码格式错误", "统一社会信用代码“{value}”格式错误：{detail}",
         hint="统一社会信用代码为 18 位，由数字和大写字母组成（不含 I、O、Z、S、V）。"),
    Code("E341", "统一社会信用代码校验位错误", "统一社会信用代码“{value}”的校验位应为“{expected}”（GB 32100-2015）",
         hint="请对照营业执照或法人证书逐位核对。"),
    # E4xx: cross-references
    Code("E401", "县（市、区）不存在", "“{value}”不是 data/divisions.yaml 中的县（市、区）或功能区{suggestion}"),
    Code("E402", "引用的公告不存在", "“{field}”引用的公告“{notice}”不存在于 content/notices/{suggestion}"),
    Code("E403", "公告引用的平台不存在", "公告引用的平台“{id}”不存在于 data/platforms/{suggestion}"),
    Code("E405", "统一社会信用代码重复", "统一社会信用代码 {value} 与平台“{other}”相同，且两者的认定有效期重叠"),
    # W5xx: warnings (do not fail unless --strict)
    Code("W501", "缺少年度工作总结", "缺少 {year} 年度工作总结", severity=W, article="第十七条、第十九条",
         hint="示范平台每年向市局报送工作总结；在 annual_reports 中记录年度和报送日期。"),
    Code("W502", "公示后未见认定", "公示“{notice}”已于 {end} 结束，但平台“{id}”没有引用它的认定记录", severity=W, article="第十四条"),
]

CATALOGUE: dict[str, Code] = {c.code: c for c in _CODES}


def make(code: str, path: str, pos: tuple[int, int], **fields) -> Problem:
    """Build a Problem from the catalogue; `pos` is (line, col), 1-based."""
    entry = CATALOGUE[code]
    return Problem(
        path=path,
        line=pos[0],
        col=pos[1],
        code=code,
        message=entry.template.format(**fields),
        severity=entry.severity,
        article=entry.article,
    )
