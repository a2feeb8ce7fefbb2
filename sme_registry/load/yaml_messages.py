"""Chinese explanations for libyaml's English error messages (the detail of E103).

The keys are the `problem` strings of libyaml's reader, scanner and parser (src/reader.c,
src/scanner.c, src/parser.c) and of PyYAML's C composer (_yaml.pyx); the values are
written for a clerk, not a programmer. A message not in the table never reaches the
user in English: it falls back to a generic Chinese sentence.
"""

from __future__ import annotations

_BACKSLASH = "如需写反斜杠本身，请写成 \\\\，或改用单引号"
_QUOTE_IT = "如果这是普通文字，请给整个值加引号"
_UTF8 = "文件不是有效的 UTF-8 编码，请用支持 UTF-8 的编辑器重新保存"
_UTF16 = "文件中含有不完整的 UTF-16 字符，请另存为 UTF-8 编码"
_VERSION = "以“%”开头的版本声明中，版本号写法不对（应为 1.2 这样的数字）"
_TAB = "缩进中出现了制表符（Tab），请改用空格"

MESSAGES: dict[str, str] = {
    # Reader (src/reader.c) and PyYAML's reader error ("unacceptable character ...").
    "control characters are not allowed": "文件中含有不可见的控制字符，请删除",
    "invalid Unicode character": "文件中含有无效的字符，请删除",
    "incomplete UTF-8 octet sequence": _UTF8,
    "invalid leading UTF-8 octet": _UTF8,
    "invalid trailing UTF-8 octet": _UTF8,
    "invalid length of a UTF-8 sequence": _UTF8,
    "found an incorrect leading UTF-8 octet": _UTF8,
    "found an incorrect trailing UTF-8 octet": _UTF8,
    "incomplete UTF-16 character": _UTF16,
    "incomplete UTF-16 surrogate pair": _UTF16,
    "expected low surrogate area": _UTF16,
    "unexpected low surrogate area": _UTF16,
    "input is too long": "文件过长，无法读取",
    "input error": "读取文件时出错",
    # Scanner (src/scanner.c): quoted text and escapes.
    "found invalid Unicode character escape code":
        f"双引号中的 \\u（或 \\U）转义不是有效的字符编号；{_BACKSLASH}",
    "did not find expected hexdecimal number":
        f"双引号中的 \\x、\\u 或 \\U 后面必须跟十六进制数字（0–9、A–F）；{_BACKSLASH}",
    "found unknown escape character": f"双引号中的反斜杠（\\）后面跟了无法识别的字符；{_BACKSLASH}",
    "found unexpected end of stream": "文件意外结束（引号或括号可能没有闭合）",
    "found unexpected document indicator":
        "引号中的文字里出现了单独一行的“---”或“...”，引号可能没有闭合",
    # Scanner: structure and indentation.
    "mapping values are not allowed in this context":
        "此处不能出现“键: 值”（可能是缩进不对，或值中含有未加引号的冒号）",
    "mapping keys are not allowed in this context":
        f"此处不能出现以“?”开头的键（可能是缩进不对）；{_QUOTE_IT}",
    "block sequence entries are not allowed in this context":
        "此处不能开始以“-”开头的列表项：列表应另起一行并缩进，不能与“键:”写在同一行",
    "could not find expected ':'": "缺少冒号“:”（每行应写成“键: 值”，或多行文字的后续行缩进不够）",
    "found character that cannot start any token":
        f"出现了不能作为开头的字符（如 @、`、% 或 Tab）；{_QUOTE_IT}",
    "found a tab character that violates indentation": _TAB,
    "found a tab character where an indentation space is expected": _TAB,
    "found unexpected ':'": f"出现了多余的冒号“:”；{_QUOTE_IT}",
    "did not find expected comment or line break":
        "此处之后应换行或只写注释（#），却出现了其他内容（例如“|”或“>”的同一行后面不能再写文字）",
    "did not find expected whitespace or line break": "此处应有空格或换行（例如标签之后要先空一格再写值）",
    # Scanner: block scalars (| and >).
    "found an indentation indicator equal to 0": "“|”或“>”后面的缩进数字不能是 0（请删除该数字，或写 1 到 9）",
    # Scanner: anchors, aliases and tags.
    "did not find expected alphabetic or numeric character":
        f"“&”或“*”后面缺少名称（名称只能由字母或数字组成）；{_QUOTE_IT}",
    "did not find URI escaped octet": "标签中的“%”后面必须跟两位十六进制数字",
    "did not find expected tag URI": "标签“!<…>”中缺少内容",
    "did not find the expected '>'": "标签“!<…>”缺少右尖括号“>”",
    "did not find expected '!'": "以“%”开头的标签声明中缺少“!”",
    "found unexpected non-alphabetical character": "标签前缀中出现了不允许的字符（只能是字母、数字或连字符，并以“!”结尾）",
    # Scanner: directives (lines starting with %).
    "found unknown directive name": f"以“%”开头的行不是可识别的声明；{_QUOTE_IT}",
    "could not find expected directive name": f"“%”后面缺少声明名称；{_QUOTE_IT}",
    "did not find expected whitespace": "以“%”开头的声明中缺少空格",
    "did not find expected version number": _VERSION,
    "did not find expected digit or '.' character": _VERSION,
    "found extremely long version number": "以“%”开头的版本声明中，版本号过长",
    # Parser (src/parser.c).
    "did not find expected <stream-start>": "文件无法开始读取，请联系维护人员",
    "did not find expected <document start>":
        "此处出现了多余的内容：前面的值（如引号或括号中的内容）已经结束，后面不能再接文字；"
        "如果文件开头有以“%”开头的声明行，其后还需要单独一行“---”",
    "found incompatible YAML document": "文件开头声明的版本号不受支持，请删除以“%”开头的版本声明行",
    "found duplicate %YAML directive": "以“%”开头的版本声明重复出现，请只保留一行",
    "found duplicate %TAG directive": "以“%”开头的标签声明重复出现，请只保留一行",
    "found undefined tag handle": "使用了未声明的标签（以“!”开头）；请删除“!”及其后的标签，直接写值",
    "did not find expected key": "缩进不一致或缺少键：同一层的各行应左对齐，并写成“键: 值”",
    "did not find expected '-' indicator": "列表项缩进不一致：同一列表的每一项都应以“-”开头并左对齐",
    "did not find expected node content": "缺少值：此处应有内容，却只有逗号、冒号等符号或什么也没有",
    "did not find expected ',' or ']'": "方括号 [ ] 列表中缺少逗号或右方括号“]”",
    "did not find expected ',' or '}'": "花括号 { } 中缺少逗号或右花括号“}”",
    # PyYAML's C composer (_yaml.pyx).
    "found undefined alias": "使用了未定义的别名（*）",
    "second occurrence": "锚点名称（&）重复出现",
    "found duplicate anchor": "锚点名称（&）重复出现",
    "but found another document": "文件中包含多个文档（---），每个文件只能有一个",
}

FALLBACK = "此处的写法不符合格式规则，请检查附近的缩进（只用空格）、冒号后的空格，以及引号和括号是否成对"

# Longest first, so that a specific message wins over one it contains.
_BY_LENGTH = sorted(MESSAGES, key=len, reverse=True)


def chinese(problem: str) -> str:
    """A Chinese explanation of libyaml's `problem`; never English."""
    text = (problem or "").strip()
    if text in MESSAGES:
        return MESSAGES[text]
    for english in _BY_LENGTH:
        if english in text:
            return MESSAGES[english]
    return FALLBACK
