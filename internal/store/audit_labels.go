package store

import (
	"sort"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/request"
)

// The audit log stores codes (action, entity, role); people read these
// Chinese labels. A code written by tx.Audit must have its label here (a
// test scans the sources for new ones).
var auditActionLabels = map[string]string{
	"activate": "启用", "backup": "备份", "inspect": "网站检查", "restore": "恢复数据", "answer": "答复", "apply": "申请", "archive": "归档", "ask_extension": "提请延期", "attach": "添加附件",
	"case": "登记复议诉讼", "catalog": "编目", "claim": "认领", "close": "关闭", "confirm": "确认完成", "create": "新建",
	"deactivate": "停用", "decide": "决定", "decide_review": "审查转主动公开", "delete": "删除", "deliver": "送达",
	"demo": "创建示例数据", "designate": "指定承办单位", "dismiss_finding": "排除误报", "draft": "拟办答复", "export": "导出",
	"fee": "收取信息处理费", "finding": "登记督查问题", "finish": "报告完成", "flag_review": "提示转主动公开", "freeze": "固化考核结果",
	"gate_refused": "拦截公开", "hold": "暂停公开", "import": "导入", "import_held": "导入待审查", "liaison": "更换联络员",
	"login": "登录", "login_failed": "登录失败", "logout": "退出登录", "moderate": "审核意见", "move": "调整上级单位",
	"pass": "通过保密审查", "password": "修改密码", "privacy_sweep": "隐私巡查", "progress": "报送进展", "publish": "发布",
	"put": "保存", "rebuild": "全部重新发布", "recompute": "重算期限", "release_held": "恢复公开", "rename": "更名", "reopen": "重新打开",
	"reopen_review": "重新审查", "return": "退回", "revoke": "撤销", "route": "转交承办", "sign": "签发",
	"status": "变更状态", "submit": "提交审查", "update": "修改", "validity": "变更有效性", "view_personal": "查看申请人信息", "withdraw": "撤下",
}

var auditEntityLabels = map[string]string{
	"annual_report": "年度报告", "column_classes": "栏目更新类别", "database": "数据库", "inspection": "网站检查报告", "serious_errors": "严重表述错误清单", "api_token": "接口令牌", "audit_log": "审计日志", "catalog": "公开目录", "catalog_item": "目录事项",
	"comment": "征求意见留言", "consultation": "征求意见", "consultation_comment": "征求意见留言", "consultation_feedback": "意见采纳情况",
	"consultation_input": "座谈听证记录", "document": "文件", "documents": "文件", "evaluation": "政策评价", "exchange_subscriber": "数据交换订阅", "feedback": "意见采纳情况",
	"holidays": "节假日", "institution": "民办学校和校外培训机构", "interpretation": "政策解读", "media_account": "政务新媒体", "media_application": "新媒体开设变更申请",
	"media_release": "新媒体发布", "message": "网民留言", "opinion_event": "舆情事件", "opinion_response": "舆情回应",
	"organisation": "组织机构", "package_request": "政策文件包申请", "plan": "任务分解表", "plan_assignment": "承办任务",
	"plan_inspection": "督查", "plan_scorecard": "考核结果", "plan_task": "工作任务", "plan_ticket": "业务咨询",
	"plan_training": "培训", "policy_evaluation": "政策评价", "publish": "静态发布", "policy_package": "政策文件包", "privacy_findings": "隐私巡查结果",
	"request": "依申请公开", "risk_assessment": "风险评估", "search_synonym": "搜索同义词", "sensitive_words": "敏感词",
	"setting": "系统设置", "site_guide": "信息公开指南", "site_identity": "网站标识信息", "unit": "单位", "user": "用户",
}

// AuditActionLabel is the Chinese name of an audit action code (request
// events as 记录“收到申请”…); an unknown code reads 其他操作.
func AuditActionLabel(action string) string {
	if l, ok := auditActionLabels[action]; ok {
		return l
	}
	if ev, ok := strings.CutPrefix(action, "event:"); ok {
		if l := request.EventType(ev).Label(); l != ev {
			return "记录“" + l + "”"
		}
	}
	return "其他操作"
}

// AuditEntityLabel is the Chinese name of an audit object type.
func AuditEntityLabel(entity string) string {
	if l, ok := auditEntityLabels[entity]; ok {
		return l
	}
	return "其他对象"
}

// AuditRoleLabel is the Chinese name of the actor's role; actors without
// one are the public, the program or the operator at the shell.
func AuditRoleLabel(role, login string) string {
	if r := auth.Role(role); r.Valid() {
		return r.Label()
	}
	switch {
	case login == "public":
		return "公众"
	case strings.HasPrefix(login, "cli:"):
		return "服务器命令行"
	case login == "system" || login == "demo":
		return "系统"
	}
	return "—"
}

// AuditActionChoices and AuditEntityChoices are the filters' choices:
// each label once, in order.
func AuditActionChoices() []string {
	m := map[string]string{}
	for k, v := range auditActionLabels {
		m[k] = v
	}
	for _, ev := range request.EventTypes() {
		m["event:"+string(ev)] = AuditActionLabel("event:" + string(ev))
	}
	return labels(m)
}

func AuditEntityChoices() []string { return labels(auditEntityLabels) }

func labels(m map[string]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range m {
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

// auditCodes are the codes whose label is label (a label may name several
// codes, e.g. 文件), or label itself when it is a code.
func auditCodes(label string, m map[string]string, events bool) []string {
	var out []string
	for k, v := range m {
		if v == label || k == label {
			out = append(out, k)
		}
	}
	if events {
		for _, ev := range request.EventTypes() {
			if code := "event:" + string(ev); AuditActionLabel(code) == label || code == label {
				out = append(out, code)
			}
		}
	}
	sort.Strings(out)
	return out
}
