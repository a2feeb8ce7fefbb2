"""What a staff command tells the clerk at the end: what was written, or why nothing was."""

from __future__ import annotations

import sys

from sme_registry.staff.transaction import ChangeSet, Outcome


def report(prompter, changes: ChangeSet, outcome: Outcome, today, next_steps, commit_message: str) -> int:
    """Print the outcome; 0 when written, 1 when rolled back."""
    if outcome.rolled_back:
        print("没有写入任何文件：要写入的内容未通过校验（下面的行号指将要写入的内容）。问题如下：", file=sys.stderr)
        for p in outcome.problems:
            if p.is_error:
                print("  " + p.text(), file=sys.stderr)
        print("请按提示修改输入后重试；错误代码说明见 docs/errors.md。", file=sys.stderr)
        return 1
    prompter.say("已写入：")
    for rel in outcome.written:
        label = changes.labels.get(rel, "")
        prompter.say(f"  {rel}" + (f"（{label}）" if label else ""))
    pending = [p for p in outcome.problems if p.is_error]  # allowed: a later command completes them
    warnings = [p for p in outcome.problems if not p.is_error]
    if pending:
        prompter.say("尚待完成（按下面的步骤完成后即可通过校验）：")
        for p in pending:
            prompter.say("  " + p.text())
    if warnings:
        prompter.say("校验通过，但有以下警告（不阻止合并）：")
        for p in warnings:
            prompter.say("  " + p.text())
    elif not pending:
        prompter.say(f"校验通过（按 {today} 计算）。")
    others = [p for p in outcome.report.errors if p not in outcome.problems]
    if others:
        prompter.say(f"注意：名录中其他文件另有 {len(others)} 个错误（与本次修改无关），make validate 可查看。")
    prompter.say("")
    prompter.say("下一步：")
    steps = [*next_steps,
             "本地预览（可选）：make serve，然后在浏览器中查看；",
             "提交并发起合并请求：git switch -c <分支名> && git add " + " ".join(outcome.written)
             + f' && git commit -m "{commit_message}" && git push -u origin HEAD，'
             "再在代码托管网站上创建合并请求（Pull Request），CI 会再次校验。"]
    for i, step in enumerate(steps, start=1):
        prompter.say(f"  {i}. {step}")
    return 0
