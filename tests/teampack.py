"""A team rule pack (TM prefix) the authoring and configuration tests load: one pattern
rule with its bad and good examples."""

PACK = """\
rules:
  - id: TM101
    name: enquiry-phone
    severity: warning
    summary: {zh: 摘要, en: summary}
    description: {zh: 说明, en: description}
    basis: 测试
    message: {zh: 未写明咨询电话, en: no enquiry phone}
    check: {kind: pattern, scope: other, require_any: ['咨询电话']}
    examples:
      bad: "六、其他需要报告的事项\\n本机关未收取信息处理费。\\n"
      good: "六、其他需要报告的事项\\n咨询电话：0000-1234567。\\n"
"""
