package surveys

import (
	"fmt"
	"slices"
	"strings"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Defaults returns the default SSI, CSI and event questionnaires with their call scripts. Every
// call builds them afresh, so a caller may change what it gets.
//
// The items follow the trade's survey contents. Customers give little time on the phone, so only
// the core items are mandatory; the showroom and expectation items are asked where time allows,
// and items that apply to some customers only (test drive, accessories, parts) are optional and
// tell the agent when to skip them. The body and paint item is asked after body and paint work
// only, so the call screen leaves it out after other visits. Yes/no items are worded so that
// "yes" is the good answer, since yes scores 100. Each item has a short name for reports.
func Defaults() []Template {
	return []Template{
		{Kind: SSI, Items: numbered(ssiItems()), Sections: append(ssiSections(), awkwardSections()...)},
		{Kind: CSI, Items: numbered(csiItems()), Sections: append(csiSections(), awkwardSections()...)},
		{Kind: Event, Items: numbered(eventItems()), Sections: append(eventSections(), awkwardSections()...)},
	}
}

// numbered gives the items positions 1..n in their order.
func numbered(items []Item) []Item {
	for i := range items {
		items[i].Position = i + 1
	}
	return items
}

// ssiItems are the questions asked 2–3 weeks to a month after a delivery.
func ssiItems() []Item {
	return []Item{
		{
			NameZH: "展厅环境与接待", NameEN: "Showroom and welcome",
			TextZH: "请问您对我店展厅的环境和接待是否满意？比如您到店时是否有人及时迎接，展厅是否整洁舒适。1 分表示非常不满意，5 分表示非常满意，您给几分？",
			TextEN: "How satisfied were you with our showroom and the welcome you received — for example, were you greeted promptly, and was the showroom clean and comfortable? On a scale of 1 to 5, where 1 is very dissatisfied and 5 is very satisfied, what would you give us?",
			Scale:  Five, Weight: 1, DeptKind: tenancy.Sales, Element: PerceivedQuality,
		},
		{
			NameZH: "销售顾问专业知识", NameEN: "Consultant's knowledge",
			TextZH: "请问您对销售顾问的专业知识是否满意？比如介绍车辆性能、回答您的问题是否清楚准确。按 1 到 5 分，您给几分？",
			TextEN: "How satisfied were you with your sales consultant's product knowledge — for example, how clearly and accurately they explained the car and answered your questions? On the 1-to-5 scale, what would you give?",
			Scale:  Five, Weight: 1.5, Mandatory: true, DeptKind: tenancy.Sales, Element: PerceivedQuality,
		},
		{
			NameZH: "销售顾问服务态度", NameEN: "Consultant's attitude",
			TextZH: "请问您对销售顾问的服务态度是否满意？比如是否热情、耐心，有没有让您感到被催促或冷落。按 1 到 5 分，您给几分？",
			TextEN: "How satisfied were you with your sales consultant's attitude — were they warm and patient, and did you ever feel rushed or ignored? On the 1-to-5 scale, what would you give?",
			Scale:  Five, Weight: 1.5, Mandatory: true, DeptKind: tenancy.Sales, Element: PerceivedQuality,
		},
		{
			NameZH: "配置与价格说明", NameEN: "Specification and price",
			TextZH: "请问您对销售顾问介绍车辆配置和价格的过程是否满意？车价和各项费用是否都向您解释清楚了？按 1 到 5 分，您给几分？",
			TextEN: "How satisfied were you with the way your consultant went through the car's specification and price — were the price and every charge explained clearly to you? On the 1-to-5 scale, what would you give?",
			Scale:  Five, Weight: 1.5, Mandatory: true, DeptKind: tenancy.Sales, Element: PerceivedValue,
		},
		{
			NameZH: "试乘试驾", NameEN: "Test drive",
			TextZH: "（客户未试驾则跳过）请问您对购车前的试乘试驾是否满意？比如试驾车的车况、路线安排和销售顾问的讲解。按 1 到 5 分，您给几分？",
			TextEN: "(Skip if the customer did not take a test drive.) How satisfied were you with your test drive before buying — the condition of the test car, the route and your consultant's explanations? On the 1-to-5 scale, what would you give?",
			Scale:  Five, Weight: 1, DeptKind: tenancy.Sales, Element: PerceivedQuality,
		},
		{
			NameZH: "交车说明", NameEN: "Handover",
			TextZH: "请问您对交车过程是否满意？比如交车时车辆是否干净整洁，销售顾问是否向您讲解了车辆使用、质量担保、保养和保险这四项内容，并为您介绍了售后服务的同事。按 1 到 5 分，您给几分？",
			TextEN: "How satisfied were you with the handover of your car — for example, was it clean when you collected it, did your consultant take you through using the car, the warranty, servicing and insurance, and did they introduce you to our after-sales team? On the 1-to-5 scale, what would you give?",
			Scale:  Five, Weight: 1.5, Mandatory: true, DeptKind: tenancy.Sales, Element: PerceivedQuality,
		},
		{
			NameZH: "销售顾问回访", NameEN: "Consultant's follow-up",
			TextZH: "交车以后，您的销售顾问有没有主动联系过您，询问您的用车情况？",
			TextEN: "Since the handover, has your sales consultant been in touch to ask how you are getting on with the car?",
			Scale:  YesNo, Weight: 1, Mandatory: true, DeptKind: tenancy.Sales, Element: PerceivedQuality,
		},
		{
			NameZH: "加装精品", NameEN: "Accessories fitted",
			TextZH: "（客户未在我店加装精品则跳过）请问您对在我店加装的精品是否满意？比如产品质量、价格和安装效果。按 1 到 5 分，您给几分？",
			TextEN: "(Skip if we fitted no accessories for the customer.) How satisfied were you with the accessories we fitted — their quality, their price and the fitting? On the 1-to-5 scale, what would you give?",
			Scale:  Five, Weight: 1, DeptKind: tenancy.Accessories, Element: PerceivedQuality,
		},
		{
			NameZH: "期望达成", NameEN: "Expectations met",
			TextZH: "请问这次购车经历是否达到了您的期望？1 分表示完全没有达到，5 分表示完全达到，您给几分？",
			TextEN: "Did buying your car with us live up to your expectations? 1 means not at all and 5 means completely — what would you give?",
			Scale:  Five, Weight: 1, DeptKind: tenancy.Sales, Element: Expectation,
		},
		{
			NameZH: "总体满意度", NameEN: "Overall satisfaction",
			TextZH: "总体来说，您对这次在我店购车的整体体验是否满意？按 1 到 5 分，您给几分？",
			TextEN: "Overall, how satisfied are you with your experience of buying your car from us? On the 1-to-5 scale, what would you give?",
			Scale:  Five, Weight: 2, Mandatory: true, DeptKind: tenancy.Sales, Element: Satisfaction,
		},
		{
			NameZH: "推荐意愿", NameEN: "Likelihood to recommend",
			TextZH: "如果您的亲戚朋友想买车，您有多大可能向他们推荐我店？请用 1 到 10 分来回答，1 分表示完全不可能，10 分表示非常愿意推荐。",
			TextEN: "If a friend or relative were looking for a car, how likely would you be to recommend us? Please answer from 1 to 10, where 1 is not at all likely and 10 is extremely likely.",
			Scale:  Ten, Weight: 1.5, Mandatory: true, DeptKind: tenancy.Sales, Element: Loyalty,
		},
		{
			NameZH: "各环节是否满意", NameEN: "Happy with every part",
			TextZH: "请问整个购车过程中，各个环节都让您满意吗？如果有哪里让您不满意，请告诉我，我们会请相关负责人尽快与您联系。（客户回答“否”时，记录具体内容并登记投诉）",
			TextEN: "Were you happy with every part of buying your car? If anything wasn't right, please tell me and we'll have the person responsible contact you promptly. (If the answer is no, note the details and open a complaint.)",
			Scale:  YesNo, Weight: 1, Mandatory: true, DeptKind: tenancy.Sales, Element: Complaint,
		},
		{
			NameZH: "意见与建议", NameEN: "Comments and suggestions",
			TextZH: "最后，您的车用到现在情况怎么样？对我们还有其他意见或建议吗？",
			TextEN: "Lastly, how are you finding the car so far, and is there anything else you would like to tell us or suggest?",
			Scale:  Text, DeptKind: tenancy.Sales,
		},
	}
}

// csiItems are the questions asked within 3 days of a service order closing.
func csiItems() []Item {
	return []Item{
		{
			NameZH: "预约与接待", NameEN: "Booking and reception",
			TextZH: "请问您对这次来店的预约和接待是否满意？比如预约是否方便，到店后服务顾问是否及时接待、认真听取您的需求。1 分表示非常不满意，5 分表示非常满意，您给几分？",
			TextEN: "How satisfied were you with booking this visit and with your reception — for example, was booking easy, and did a service advisor see you promptly and listen carefully to what you needed? On a scale of 1 to 5, where 1 is very dissatisfied and 5 is very satisfied, what would you give us?",
			Scale:  Five, Weight: 1, Mandatory: true, DeptKind: tenancy.AfterSales, Element: PerceivedQuality,
		},
		{
			NameZH: "服务态度", NameEN: "Advisor's manner",
			TextZH: "请问您对服务顾问的服务态度和讲解是否满意？比如维修前是否向您说明了要做的项目和预估费用，取车时是否向您解释了所做的工作和结算单上的各项费用。按 1 到 5 分，您给几分？",
			TextEN: "How satisfied were you with your service advisor's manner and explanations — for example, did they go through the planned work and the estimated cost beforehand, and when you collected the car, did they explain the work done and each charge on the bill? On the 1-to-5 scale, what would you give?",
			Scale:  Five, Weight: 1.5, Mandatory: true, DeptKind: tenancy.AfterSales, Element: PerceivedQuality,
		},
		{
			NameZH: "维修一次到位", NameEN: "Repair right first time",
			TextZH: "请问这次的维修保养是否一次就做好了，车开回去以后一切正常？（客户回答“否”时，询问具体问题并记录）",
			TextEN: "Was the work done right first time — has the car been running normally since you collected it? (If the answer is no, ask what is still wrong and note it.)",
			Scale:  YesNo, Weight: 1.5, Mandatory: true, DeptKind: tenancy.Mechanical, Element: PerceivedQuality,
		},
		{
			NameZH: "钣喷质量", NameEN: "Body and paint quality",
			TextZH: "请问您对这次钣金喷漆的质量是否满意？比如漆面颜色是否一致、表面是否平整光洁、缝隙是否均匀。按 1 到 5 分，您给几分？",
			TextEN: "How satisfied were you with the body and paint work — does the colour match, is the finish smooth, and are the panel gaps even? On the 1-to-5 scale, what would you give?",
			Scale:  Five, Weight: 1.5, Mandatory: true, DeptKind: tenancy.BodyPaint, Element: PerceivedQuality,
			WorkTypes: []string{"body_paint"},
		},
		{
			NameZH: "维修时间", NameEN: "Time taken",
			TextZH: "请问您对这次维修保养所用的时间是否满意？车辆是否在服务顾问承诺的时间交还给您？按 1 到 5 分，您给几分？",
			TextEN: "How satisfied were you with how long the work took — was the car ready at the time your service advisor promised? On the 1-to-5 scale, what would you give?",
			Scale:  Five, Weight: 1, Mandatory: true, DeptKind: tenancy.AfterSales, Element: PerceivedQuality,
		},
		{
			NameZH: "收费合理", NameEN: "Price and value",
			TextZH: "请问您对这次的收费是否满意？您觉得价格是否合理、物有所值？按 1 到 5 分，您给几分？",
			TextEN: "How satisfied were you with what you were charged — did the price feel fair and good value for money? On the 1-to-5 scale, what would you give?",
			Scale:  Five, Weight: 1.5, Mandatory: true, DeptKind: tenancy.AfterSales, Element: PerceivedValue,
		},
		{
			NameZH: "车辆清洁", NameEN: "Car cleanliness",
			TextZH: "请问您对取车时车辆的清洁情况是否满意？比如车身是否清洗干净，车内有没有留下油污或脚印。按 1 到 5 分，您给几分？",
			TextEN: "How satisfied were you with how clean the car was when you collected it — had it been washed, and was the inside free of greasy marks and footprints? On the 1-to-5 scale, what would you give?",
			Scale:  Five, Weight: 1, Mandatory: true, DeptKind: tenancy.AfterSales, Element: PerceivedQuality,
		},
		{
			NameZH: "配件供应", NameEN: "Parts availability",
			TextZH: "（本次没有更换配件则跳过）请问您对配件供应是否满意？所需配件是否有现货，有没有因为等配件而耽误您用车或让您多跑一趟？按 1 到 5 分，您给几分？",
			TextEN: "(Skip if no parts were replaced.) How satisfied were you with the availability of parts — were the parts you needed in stock, or did waiting for them keep you off the road or cost you an extra trip? On the 1-to-5 scale, what would you give?",
			Scale:  Five, Weight: 1, DeptKind: tenancy.Parts, Element: PerceivedQuality,
		},
		{
			NameZH: "期望达成", NameEN: "Expectations met",
			TextZH: "请问这次的服务是否达到了您来店前的期望？1 分表示完全没有达到，5 分表示完全达到，您给几分？",
			TextEN: "Did this visit live up to what you expected before you came in? 1 means not at all and 5 means completely — what would you give?",
			Scale:  Five, Weight: 1, DeptKind: tenancy.AfterSales, Element: Expectation,
		},
		{
			NameZH: "总体满意度", NameEN: "Overall satisfaction",
			TextZH: "总体来说，您对这次在我店的维修保养服务是否满意？按 1 到 5 分，您给几分？",
			TextEN: "Overall, how satisfied are you with this service visit? On the 1-to-5 scale, what would you give?",
			Scale:  Five, Weight: 2, Mandatory: true, DeptKind: tenancy.AfterSales, Element: Satisfaction,
		},
		{
			NameZH: "再次光顾与推荐", NameEN: "Return and recommend",
			TextZH: "下次车辆需要保养或维修时，您有多大可能再来我店，并向亲戚朋友推荐我们？请用 1 到 10 分来回答，1 分表示完全不可能，10 分表示一定会。",
			TextEN: "How likely are you to bring your car back to us the next time it needs servicing or repairs, and to recommend us to friends and family? Please answer from 1 to 10, where 1 is not at all likely and 10 is certain.",
			Scale:  Ten, Weight: 1.5, Mandatory: true, DeptKind: tenancy.AfterSales, Element: Loyalty,
		},
		{
			NameZH: "各环节是否满意", NameEN: "Happy with every part",
			TextZH: "请问这次维修保养的各个环节都让您满意吗？如果有哪里让您不满意，请告诉我，我们会请相关负责人尽快与您联系。（客户回答“否”时，记录具体内容并登记投诉）",
			TextEN: "Were you happy with every part of this visit? If anything wasn't right, please tell me and we'll have the person responsible contact you promptly. (If the answer is no, note the details and open a complaint.)",
			Scale:  YesNo, Weight: 1, Mandatory: true, DeptKind: tenancy.AfterSales, Element: Complaint,
		},
		{
			NameZH: "意见与建议", NameEN: "Comments and suggestions",
			TextZH: "最后，您对我们的售后服务还有其他意见或建议吗？",
			TextEN: "Lastly, is there anything else you would like to tell us or suggest about our service?",
			Scale:  Text, DeptKind: tenancy.AfterSales,
		},
	}
}

// ssiSections are the greeting, identity check and closing of a call after a delivery.
func ssiSections() []Section {
	return []Section{
		{
			Kind:   Greeting,
			TextZH: "您好，我是{store}的客服专员{agent}。感谢您选择在我店购车！为了解您对我们销售服务的意见，想占用您几分钟时间做个简短的回访，请问现在方便吗？（如不方便：请问您什么时间方便？我们到时再给您打过来。）",
			TextEN: "Hello, this is {agent}, customer service at {store}. Thank you for buying your car from us! We'd like a few minutes of your time for a short follow-up on how our sales team looked after you. Is now a good time? (If not: When would suit you? We'll call you back then.)",
		},
		{
			Kind:   IdentityCheck,
			TextZH: "请问是{customer}吗？（如不是本人：请问{customer}什么时间方便接听？记录回拨时间后礼貌结束通话。）您于{date}在我店提了一辆{vehicle}（订单号 {order_no}，销售顾问 {advisor}），对吗？接下来有几个简短的问题，除特别说明外，都请您用 1 到 5 分来评价：1 分表示非常不满意，5 分表示非常满意。",
			TextEN: "Am I speaking with {customer}? (If not: When would be a good time to reach {customer}? Note the call-back time and end the call politely.) You took delivery of a {vehicle} from us on {date} (order {order_no}, sales consultant {advisor}) — is that right? I have a few short questions. Unless I say otherwise, please answer each with a score from 1 to 5, where 1 is very dissatisfied and 5 is very satisfied.",
		},
		{
			Kind:   Closing,
			TextZH: "今天的回访就到这里，耽误您的时间了，非常感谢您的支持！您提出的意见我们会转达给相关部门。用车中有任何问题，欢迎随时拨打我店服务热线。祝您用车愉快，再见！（待客户先挂机后再挂断）",
			TextEN: "That's all for today — thank you very much for your time and your support! We'll pass your comments on to the teams concerned. If you have any questions about your car, please call our service hotline at any time. Enjoy your new car — goodbye! (Wait for the customer to hang up first.)",
		},
	}
}

// csiSections are the greeting, identity check and closing of a call after a service visit.
func csiSections() []Section {
	return []Section{
		{
			Kind:   Greeting,
			TextZH: "您好，我是{store}的客服专员{agent}。感谢您近日到我店维修保养！想占用您几分钟时间，了解一下您对这次服务的意见，请问现在方便吗？（如不方便：请问您什么时间方便？我们到时再给您打过来。）",
			TextEN: "Hello, this is {agent}, customer service at {store}. Thank you for bringing your car to us recently! We'd like a few minutes of your time to hear what you thought of the service. Is now a good time? (If not: When would suit you? We'll call you back then.)",
		},
		{
			Kind:   IdentityCheck,
			TextZH: "请问是{customer}吗？（如不是本人：请问这次是您送车来店的吗？如是，可继续回访；如不是，请问{customer}什么时间方便接听？）您的{vehicle}于{date}在我店做了{work}（工单号 {order_no}，服务顾问 {advisor}），对吗？接下来有几个简短的问题，除特别说明外，都请您用 1 到 5 分来评价：1 分表示非常不满意，5 分表示非常满意。",
			TextEN: "Am I speaking with {customer}? (If not: Were you the one who brought the car in? If so, carry on; if not, ask when {customer} can be reached.) Your {vehicle} came in for {work} on {date} (repair order {order_no}, service advisor {advisor}) — is that right? I have a few short questions. Unless I say otherwise, please answer each with a score from 1 to 5, where 1 is very dissatisfied and 5 is very satisfied.",
		},
		{
			Kind:   Closing,
			TextZH: "今天的回访就到这里，非常感谢您的宝贵意见！您提到的情况我们会及时转达给售后服务部门。车辆使用中有任何问题，或需要预约保养，欢迎随时拨打我店服务热线。祝您行车平安，再见！（待客户先挂机后再挂断）",
			TextEN: "That's all for today — thank you very much for your feedback! We'll pass on what you told us to our after-sales team straight away. If you have any problem with the car or would like to book a service, please call our service hotline at any time. Safe driving, and goodbye! (Wait for the customer to hang up first.)",
		},
	}
}

// awkwardSections tell the agent what to say when a call goes wrong; they fit every kind.
func awkwardSections() []Section {
	return []Section{
		{
			Kind:   Silence,
			TextZH: "“您好，请问能听到我说话吗？”（稍停 5 秒）仍无回应：“您好，我是{store}的客服专员{agent}，请问您能听到吗？”（再停 5 秒）仍无回应：“对不起，电话里听不到您的声音，我稍后再给您打过来，再见！”稍停 5 秒后挂机，记为无应答并安排回拨。不可以说“喂，说话呀！”",
			TextEN: `"Hello, can you hear me?" (Pause 5 seconds.) If still silent: "Hello, this is {agent} from {store} — can you hear me?" (Pause another 5 seconds.) If still silent: "I'm sorry, I can't hear you on this line. I'll call you back a little later. Goodbye!" Wait 5 seconds, hang up, record the call as no answer and schedule a call-back. Never say "Hello? Say something!"`,
		},
		{
			Kind:   BadLine,
			TextZH: "“对不起，您的声音有点小，我听不太清楚，麻烦您稍微大声一点，好吗？”如客户用免提或杂音较大：“对不起，电话杂音比较大，请问您方便换个安静一点的地方吗？”仍听不清：“非常抱歉，现在信号不太好，为了不耽误您的时间，我稍后再给您打过来，请问您什么时间方便？”记录回拨时间后礼貌结束通话；不可以直接挂机，也不可以说“喂，大声点！”",
			TextEN: `"Sorry, your voice is a little faint and I can't quite hear you — could you speak up a little, please?" If the customer is on speaker or the line is noisy: "Sorry, there's a lot of noise on the line — could you move somewhere quieter?" If it is still unclear: "I'm very sorry, the line isn't good at the moment. So as not to take up your time, I'll call you back — when would suit you?" Note the call-back time and end the call politely; never just hang up, and never say "Speak up!"`,
		},
		{
			Kind:   Dialect,
			TextZH: "“对不起，我没有听清楚，麻烦您说慢一点，好吗？”客服专员自己始终讲普通话，放慢语速、吐字清楚，不要改说客户的方言。仍听不懂时：“非常抱歉，请问您方便讲普通话吗？或者身边有没有会讲普通话的家人帮忙接听一下？”仍无法沟通时：“那我请一位会讲本地话的同事稍后给您回电，请问您什么时间方便？”不可以直接挂机。",
			TextEN: `"Sorry, I didn't quite catch that — could you say it a little more slowly, please?" Keep speaking Mandarin yourself, slowly and clearly; do not switch to the customer's dialect. If you still cannot follow: "I'm very sorry — could you speak Mandarin, or is there someone with you who could help in Mandarin?" If that does not work: "Then I'll ask a colleague who speaks the local dialect to call you back — when would suit you?" Never just hang up.`,
		},
	}
}

// Validate checks a questionnaire's items and sections: every item has both texts and short
// names, a known scale, a weight (0 only for free text), a known element and department kind,
// positions 1..n, and work types only on a CSI item; every section kind appears at most once
// with both texts.
func (t Template) Validate() error {
	if !slices.Contains(Kinds, t.Kind) {
		return invalid("kind %q", t.Kind)
	}
	for i, it := range t.Items {
		if err := it.check(t.Kind, i+1); err != nil {
			return err
		}
	}
	return checkSections(t.Sections)
}

// check reports what is wrong with an item of a questionnaire of kind k expected at position pos.
func (it Item) check(k Kind, pos int) error {
	switch {
	case it.Position != pos:
		return invalid("item %d: position %d", pos, it.Position)
	case blank(it.TextZH) || blank(it.TextEN):
		return invalid("item %d: missing text", pos)
	case blank(it.NameZH) || blank(it.NameEN) || NameWidth(it.NameZH) > MaxNameWidth || NameWidth(it.NameEN) > MaxNameWidth:
		return invalid("item %d: short names %q, %q", pos, it.NameZH, it.NameEN)
	case workTypesProblem(k, it.WorkTypes) != "":
		return invalid("item %d: work types %v", pos, it.WorkTypes)
	case !slices.Contains(Scales, it.Scale):
		return invalid("item %d: scale %q", pos, it.Scale)
	case it.Scale == Text && it.Weight != 0, it.Scale != Text && !(it.Weight > 0):
		return invalid("item %d: weight %v for scale %s", pos, it.Weight, it.Scale)
	case it.Element != NoElement && !slices.Contains(Elements, it.Element):
		return invalid("item %d: element %q", pos, it.Element)
	case !slices.Contains(tenancy.DepartmentKinds, it.DeptKind):
		return invalid("item %d: department kind %q", pos, it.DeptKind)
	}
	return nil
}

// checkSections reports an unknown or repeated section kind, or a section missing a text.
func checkSections(sections []Section) error {
	seen := map[SectionKind]bool{}
	for _, s := range sections {
		if !slices.Contains(SectionKinds, s.Kind) || seen[s.Kind] {
			return invalid("section %q unknown or repeated", s.Kind)
		}
		seen[s.Kind] = true
		if blank(s.TextZH) || blank(s.TextEN) {
			return invalid("section %q: missing text", s.Kind)
		}
	}
	return nil
}

// invalid returns an Invalid application error whose log text says what is wrong.
func invalid(format string, args ...any) error {
	return fmt.Errorf("surveys: %s: %w", fmt.Sprintf(format, args...), apperr.New(apperr.Invalid, "surveys.invalid_template"))
}

// blank reports whether s holds nothing but white space.
func blank(s string) bool { return strings.TrimSpace(s) == "" }
