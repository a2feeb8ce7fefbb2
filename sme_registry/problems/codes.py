"""The catalogue of problem codes: one place for title, message, severity and article.

`docs/errors.md` is generated from this table and tests check that every code is
documented and exercised by the bad-input corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

from sme_registry.problems import Problem, Severity
from sme_registry.regulation import vocabulary as vocab

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
    # E114–E119, E123–E139: the registry folder as a sandbox and the one text grammar (trust boundary, input side)
    Code("E114", "换行符不合法", "出现了 {char}：行尾只能是换行（LF）或 Windows 的回车换行（CRLF）",
         hint="单独的回车符和 Unicode 行分隔符会让不同的程序对“第几行”各执一词；用编辑器另存为 LF 或 CRLF 换行即可。"),
    Code("E115", "出现了控制字符", "第 {line} 行第 {col} 列有一个看不见的控制字符 {char}（{name}），通常是从其他软件复制时带进来的，请删除",
         hint="控制字符通常是从别的软件复制时带进来的；删除该处重新输入文字。制表符（Tab）只能用在公告正文中。"),
    Code("E116", "不是普通文件", "这是{kind}，不是普通文件：名录目录中只读取普通文件（不跟随符号链接）",
         hint="请把真实的文件放到名录目录中；符号链接、设备、命名管道等一律不读取，也不显示其内容。"),
    Code("E117", "文件无法读取", "无法读取文件：{reason}",
         hint="检查文件权限（应对所有人可读）。"),
    Code("E118", "数字过长", "数字“{value}”过长或超出范围：最多 {limit} 位数字",
         hint="名录中的数字（年度、人数、金额等）都不会这么长；如果是编号，请加引号写成文字。"),
    Code("E119", "日期超出合理范围", "日期“{value}”不在合理范围内：应在 {first} 至 {last} 之间",
         hint="通常是年份输错了，例如 2203 应为 2023。"),
    Code("E123", "节假日安排文件名不合法", "文件名“{name}”不合法：节假日安排文件名应为四位年份加 .yaml，例如 2027.yaml",
         hint="年份只能用半角数字 0–9。"),
    Code("E124", "不能有子文件夹", "“{name}”是文件夹：{folder}/ 中的文件要直接放在该文件夹里，不能再建子文件夹",
         hint="子文件夹中的文件不会被读取，也不会发布；请把文件移到上一级。"),
    Code("E126", "正文中未配对的括号过多", "这一段有 {count} 个没有配对的“{char}”（最多 {limit} 个），从这里开始",
         hint="Markdown 用 [文字](网址) 写链接；没有配对的方括号、圆括号会让网站生成变得极慢。请删除多余的括号，或在括号前加反斜杠 \\。"),
    Code("E127", "正文嵌套过深", "正文{what}",
         hint="引用（行首的 >）和列表缩进都不宜过深；请改为平铺的段落或列表。"),
    Code("E125", "办法原文不可用", "办法原文不可用：{detail}",
         hint="content/policy/measures.zh.txt 应是《认定管理办法》的全文（UTF-8 纯文本）。"),
    # E150–E179: the slips of a Chinese input method and of staff commands (sme_registry/load/slips.py)
    Code("E150", "用了全角冒号", "第 {line} 行用了全角冒号“：”，YAML 需要半角冒号和一个空格：`{fix}`",
         hint="中文输入法下先按 Shift+空格（或 Ctrl+.）切换到半角，再输入英文冒号 `:` 和一个空格。"),
    Code("E151", "冒号后缺少空格", "第 {line} 行冒号后缺少空格，YAML 要写成“键: 值”（冒号后一个半角空格）：`{fix}`",
         hint="在冒号 `:` 后面补一个空格。"),
    Code("E152", "用了全角空格", "第 {line} 行{where}用了全角空格（中文输入法的空格），YAML 只认半角空格：`{fix}`",
         hint="把全角空格删掉，换成半角空格（切换到英文输入法再按空格键）。"),
    Code("E153", "列表中用了全角标点", "第 {line} 行方括号列表中用了{name}“{char}”，各项之间要用半角逗号和一个空格：`{fix}`",
         hint="方括号列表写成 `[信息服务, 技术服务]`：英文逗号 `,` 加一个空格。"),
    Code("E154", "用了全角引号", "第 {line} 行的值用了全角引号 {char}，YAML 的引号必须是半角双引号：`{fix}`",
         hint="把“”换成英文双引号 `\"`；如果中文引号本身是名称的一部分，请在外面再加一对英文双引号。"),
    Code("E155", "列表括号用了全角", "第 {line} 行用了{name}“{char}”把列表括起来，YAML 列表要用半角方括号：`{fix}`",
         hint="列表写成 `[信息服务, 技术服务]`，或每项一行、以“- ”开头。"),
    Code("E156", "列表项用了全角减号", "第 {line} 行的列表项用了全角减号“－”，YAML 列表项要用半角减号和一个空格：`{fix}`"),
    Code("E157", "缩进不对", "第 {line} 行缩进不对：前面有 {actual} 个空格，应为 {expected} 个空格（从第 {column} 列开始{align}）：`{fix}`",
         hint="同一层的键或列表项必须左端对齐；只用空格缩进，每一层两个空格。"),
    Code("E159", "日期写法不对", "第 {line} 行的日期“{value}”要写成 YYYY-MM-DD（年-月-日，月和日补足两位）：`{fix}`",
         hint="例如 2026年3月5日 或 2026/3/5 应写成 2026-03-05。"),
    Code("E160", "平台编号之间用了全角标点", "第 {line} 行 platforms 的编号之间用了{name}“{char}”，应使用半角逗号和一个空格：`{fix}`",
         hint="platforms 写成 `lc-2026-004, lc-2026-001`。"),
    Code("E161", "公告标题重复", "公告标题“{title}”与 {other} 的标题相同；每个公告的标题应能相互区分",
         hint="在标题中写明年度、批次或“（第二批）”等，让两个公告一眼可分。"),
    Code("E162", "公示没有列出任何平台", "公示“{notice}”没有列出任何平台（platforms 为空）", article="第十三条",
         hint="公示须列出拟认定的平台：在 platforms 中写入平台编号，或用 make new-platform 把新平台加入公示。"),
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
    # E60x–E62x (clerk-sheets): spreadsheets in (make import) and the State Council holiday notice (make calendar)
    Code("E600", "表格文件无法读取", "表格文件无法读取：{detail}",
         hint="请用 Excel 或 WPS 打开后“另存为”.xlsx（或 UTF-8 / GB18030 编码的 .csv）再导入。"),
    Code("E601", "表格文件过大", "表格文件大小 {size} 字节，超过上限 {limit} 字节",
         hint="一份名单通常不到 1 MB；过大的文件多半夹带了图片或是误选了其他文件。"),
    Code("E602", "表格解压后过大（疑似压缩炸弹）", "xlsx 文件解压后过大，疑似“压缩炸弹”，已拒绝读取：{detail}",
         hint="xlsx 是压缩包；解压后的大小在读取前就会检查。请确认文件来源，或重新从 Excel/WPS 另存。"),
    Code("E603", "工作表范围过大", "{ref} 声明的范围为 {rows} 行 × {cols} 列，超过上限 {max_rows} 行 × {max_cols} 列，已拒绝读取",
         hint="工作表的声明范围（如 XFD1048576）在读取前检查。请删除多余的行列后另存，或只复制名单区域到新表。"),
    Code("E604", "读取超出时间或内存上限", "表格读取失败：{detail}",
         hint="读取在受限的子进程中进行（内存、CPU 时间和总时长都有上限），异常的文件会被终止而不会拖垮本机。"),
    Code("E605", "找不到名单表头", "在工作表（{sheets}）中找不到名单的表头行（需包含“平台名称”“统一社会信用代码”等列名）",
         hint="表头可以在标题行之下；列名可用常见写法，如“运营主体”“所在县市区”。"),
    Code("E606", "缺少必需的列", "表头中缺少“{column}”列",
         hint="必需的列：平台名称、运营单位、统一社会信用代码、所在县（市、区）、类别、服务功能；历史名单还需认定日期、公示、认定公告。"),
    Code("E608", "单元格为空", "“{column}”不能为空"),
    Code("E609", "单元格内容无法识别", "“{column}”的内容“{value}”无法识别，应为{expected}"),
    Code("E610", "平台编号已存在", "平台编号 {id} 已存在于 data/platforms/；历史名单只导入新平台，已有平台请直接修改其文件"),
    Code("E611", "同一平台重复列出", "本行与 {other} 是同一个平台（统一社会信用代码和平台名称相同）"),
    Code("E612", "CSV 编码无法识别", "CSV 文件既不是 UTF-8 也不是 GB18030 编码，或含有空字符",
         hint="在 Excel 中“另存为 CSV UTF-8（逗号分隔）”，或直接导入 .xlsx。"),
    Code("E613", "公示开始日期无法使用", "{detail}", article="第十三条"),
    Code("E614", "批次与公示年度不一致", "认定年度 {value} 与本次公示的年度 {batch} 不一致（每年评审一次）", article="第十五条"),
    Code("E615", "认定记录的平台不在名录表中", "认定记录中的平台编号“{id}”不在平台名录表中"),
    Code("E620", "不是节假日安排通知", "{detail}",
         hint="请从中国政府网复制《国务院办公厅关于 YYYY 年部分节假日安排的通知》全文（含标题、正文和落款日期），保存为 UTF-8 文本。"),
    Code("E621", "无法完整解析的安排", "这句安排无法完整解析，不会猜测：“{text}”",
         hint="每项安排应像“一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。”；请核对是否与政府网原文一致。"),
    Code("E622", "通知中的日期不存在", "“{text}”不是 {year} 年的有效日期"),
    Code("E623", "放假天数不符", "“{text}”：日期范围共 {actual} 天，但通知写“共{stated}天”"),
    Code("E624", "星期与日期不符", "“{text}”：通知写{stated}，但 {date} 是{actual}"),
    Code("E625", "缺少发文日期", "通知末尾没有找到发文日期（如“2025年11月4日”）"),
    Code("E626", "安排互相矛盾", "{date} 既被安排放假又被安排上班，或调休上班日本来就是工作日（{detail}）"),
    Code("E627", "节假日文件已存在且不同", "{path} 已存在且内容不同；确需覆盖请加 FORCE=1",
         hint="覆盖前请核对：已经发布的公示按原日历计算的工作日可能因此改变。"),
    Code("E628", "通知中没有安排", "通知中没有找到任何放假或上班安排"),
    # W5xx: warnings (do not fail unless --strict)
    Code("W501", "缺少年度工作总结", "缺少 {year} 年度工作总结", severity=W, article="第十七条、第十九条",
         hint="示范平台每年向市局报送工作总结；在 annual_reports 中记录年度和报送日期。"),
    Code("W502", "公示后未见认定", "公示“{notice}”已于 {end} 结束，但平台“{id}”没有引用它的认定记录", severity=W, article="第十四条"),
    # W510–W519: status (issue 13) — an application whose 认定公告 is past due
    Code("W510", "申报逾期未见认定结果", "平台“{id}”的 {batch} 年度申报，认定结果应于 {due} 前公告，但仍记为待认定（pending）",
         severity=W, article="第十四条、第十五条",
         hint="获认定的：在 terms 中新增这次认定并删除 pending；未获认定的：删除 pending。"
              "逾期期间网站把从未认定的平台显示为“未认定”，有效期已届满的显示为“已到期”。"),
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
