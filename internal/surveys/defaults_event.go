package surveys

import "github.com/csidesk/csidesk/internal/tenancy"

// eventItems are the questions of the event survey, asked a few days after the GM's approval
// closes a complaint: how the complaint was handled, not the visit it was about. The customer
// has already given time to the complaint, so the survey is short. A "no" to whether the
// problem is solved is a grievance still open, so it opens a complaint as the other kinds'
// complaint item does.
func eventItems() []Item {
	return []Item{
		{
			NameZH: "处理及时性", NameEN: "Timeliness",
			TextZH: "请问您对我们处理您这次反映的问题是否及时满意？比如是否很快就有人与您联系，处理过程有没有拖延。1 分表示非常不满意，5 分表示非常满意，您给几分？",
			TextEN: "How satisfied were you with how promptly we dealt with the problem you raised — for example, did someone contact you quickly, and was anything left waiting? On a scale of 1 to 5, where 1 is very dissatisfied and 5 is very satisfied, what would you give us?",
			Scale:  Five, Weight: 1.5, Mandatory: true, DeptKind: tenancy.AfterSales, Element: PerceivedQuality,
		},
		{
			NameZH: "处理人员态度", NameEN: "Handler's attitude",
			TextZH: "请问您对处理这件事的工作人员的态度是否满意？比如是否认真听取您的意见、耐心向您解释。按 1 到 5 分，您给几分？",
			TextEN: "How satisfied were you with the attitude of the staff who handled it — did they listen carefully to you and explain things patiently? On the 1-to-5 scale, what would you give?",
			Scale:  Five, Weight: 1.5, Mandatory: true, DeptKind: tenancy.AfterSales, Element: PerceivedQuality,
		},
		{
			NameZH: "进展告知", NameEN: "Kept informed",
			TextZH: "处理过程中，我们是否及时把进展告诉您？按 1 到 5 分，您给几分？",
			TextEN: "While we were working on it, did we keep you informed of progress? On the 1-to-5 scale, what would you give?",
			Scale:  Five, Weight: 1, DeptKind: tenancy.AfterSales, Element: PerceivedQuality,
		},
		{
			NameZH: "处理结果满意度", NameEN: "Outcome",
			TextZH: "总体来说，您对这次的处理结果是否满意？按 1 到 5 分，您给几分？",
			TextEN: "Overall, how satisfied are you with the outcome? On the 1-to-5 scale, what would you give?",
			Scale:  Five, Weight: 2, Mandatory: true, DeptKind: tenancy.AfterSales, Element: Satisfaction,
		},
		{
			NameZH: "问题彻底解决", NameEN: "Problem solved",
			TextZH: "请问您反映的问题现在是否已经彻底解决了？（客户回答“否”时，记录仍未解决的情况并登记投诉）",
			TextEN: "Has the problem you raised now been solved completely? (If the answer is no, note what is still wrong and open a complaint.)",
			Scale:  YesNo, Weight: 1.5, Mandatory: true, DeptKind: tenancy.AfterSales, Element: Complaint,
		},
		{
			NameZH: "再次光临意愿", NameEN: "Return to us",
			TextZH: "经过这次处理，您今后有多大可能继续来我店用车、保养？请用 1 到 10 分来回答，1 分表示完全不可能，10 分表示一定会。",
			TextEN: "After how we handled this, how likely are you to keep bringing your car to us? Please answer from 1 to 10, where 1 is not at all likely and 10 is certain.",
			Scale:  Ten, Weight: 1.5, Mandatory: true, DeptKind: tenancy.AfterSales, Element: Loyalty,
		},
		{
			NameZH: "意见或建议", NameEN: "Comments and suggestions",
			TextZH: "最后，对于这次问题的处理，或者我们今后的工作，您还有什么意见或建议吗？",
			TextEN: "Lastly, is there anything else you would like to tell us about how we handled this, or suggest for the future?",
			Scale:  Text, DeptKind: tenancy.AfterSales,
		},
	}
}

// eventSections are the greeting, identity check and closing of the event survey's call. They
// name the complaint only in general words: the call screen fills in the customer, the store and
// the agent, and the agent has the complaint itself on the customer's history.
func eventSections() []Section {
	return []Section{
		{
			Kind:   Greeting,
			TextZH: "您好，我是{store}的客服专员{agent}。前些天您向我店反映的问题，我们已经处理完毕，感谢您给我们改进的机会！想占用您几分钟时间，了解一下您对这次处理的意见，请问现在方便吗？（如不方便：请问您什么时间方便？我们到时再给您打过来。）",
			TextEN: "Hello, this is {agent}, customer service at {store}. We have finished dealing with the problem you raised with us recently — thank you for giving us the chance to put it right! We'd like a few minutes of your time to hear what you thought of how it was handled. Is now a good time? (If not: When would suit you? We'll call you back then.)",
		},
		{
			Kind:   IdentityCheck,
			TextZH: "请问是{customer}吗？（如不是本人：请问{customer}什么时间方便接听？记录回拨时间后礼貌结束通话。）关于您之前反映的问题，我们的同事已经与您联系并完成了处理，对吗？（客户表示尚未处理完毕时，记录情况并告知会请负责人尽快联系，不再继续回访。）接下来有几个简短的问题，除特别说明外，都请您用 1 到 5 分来评价：1 分表示非常不满意，5 分表示非常满意。",
			TextEN: "Am I speaking with {customer}? (If not: When would be a good time to reach {customer}? Note the call-back time and end the call politely.) Our colleagues have been in touch with you about the problem you raised and have finished dealing with it — is that right? (If the customer says it is not finished, note what they say, tell them the person responsible will contact them promptly, and do not go on with the survey.) I have a few short questions. Unless I say otherwise, please answer each with a score from 1 to 5, where 1 is very dissatisfied and 5 is very satisfied.",
		},
		{
			Kind:   Closing,
			TextZH: "今天的回访就到这里，非常感谢您的耐心和宝贵意见！给您带来的不便，我们再次表示歉意。您的意见我们会转达给相关部门。今后用车中有任何问题，欢迎随时拨打我店服务热线。祝您行车平安，再见！（待客户先挂机后再挂断）",
			TextEN: "That's all for today — thank you very much for your patience and your feedback! We apologise again for the trouble you had. We'll pass your comments on to the teams concerned. If you have any problem with your car in future, please call our service hotline at any time. Safe driving, and goodbye! (Wait for the customer to hang up first.)",
		},
	}
}
