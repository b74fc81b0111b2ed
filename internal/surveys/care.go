package surveys

// Occasion is why a call without a survey is made; each has its own script.
type Occasion string

// The occasions of calls without a survey.
const (
	Birthday    Occasion = "birthday"     // birthday greetings
	ThankYou    Occasion = "thank_you"    // the sales consultant's thank-you a few weeks after delivery
	ServiceCare Occasion = "service_care" // a check on the car after a service visit
)

// Occasions lists the occasions of calls without a survey.
var Occasions = []Occasion{Birthday, ThankYou, ServiceCare}

// CareScript returns the script of a call without a survey: its greeting, identity check with
// the call's message, closing, and the guidance for awkward calls that every script shares.
// These scripts ask no scored question, since no survey follows. Every call builds them afresh,
// so a caller may change what it gets.
func CareScript(o Occasion) []Section {
	var own []Section
	switch o {
	case Birthday:
		own = birthdaySections()
	case ThankYou:
		own = thankYouSections()
	case ServiceCare:
		own = serviceCareSections()
	}
	return append(own, awkwardSections()...)
}

// birthdaySections greet a customer on their birthday.
func birthdaySections() []Section {
	return []Section{
		{
			Kind:   Greeting,
			TextZH: "您好，我是{store}的客服专员{agent}。今天给您打电话，是想给您送上一份生日祝福，只占用您一分钟，请问现在方便吗？（如不方便：那就不打扰您了，祝您生日快乐，再见！）",
			TextEN: "Hello, this is {agent}, customer service at {store}. I'm calling to wish you a happy birthday — it will only take a minute. Is now a good time? (If not: Then I won't keep you — happy birthday, and goodbye!)",
		},
		{
			Kind:   IdentityCheck,
			TextZH: "请问是{customer}吗？（如不是本人：请问{customer}什么时间方便接听？记录回拨时间后礼貌结束通话。）今天是您的生日，{store}全体同事祝您生日快乐，身体健康，阖家幸福！",
			TextEN: "Am I speaking with {customer}? (If not: When would be a good time to reach {customer}? Note the call-back time and end the call politely.) It's your birthday today, and everyone at {store} wishes you a very happy birthday, good health and happiness to you and your family!",
		},
		{
			Kind:   Closing,
			TextZH: "感谢您一直以来对我们的支持！用车中有任何需要，欢迎随时拨打我店服务热线。祝您度过愉快的一天，再见！（待客户先挂机后再挂断）",
			TextEN: "Thank you for staying with us! If there is ever anything you need for your car, please call our service hotline at any time. Have a lovely day — goodbye! (Wait for the customer to hang up first.)",
		},
	}
}

// thankYouSections thank a customer a few weeks after delivery and ask how the car is going.
func thankYouSections() []Section {
	return []Section{
		{
			Kind:   Greeting,
			TextZH: "您好，我是{store}的客服专员{agent}。感谢您选择在我店购车！今天给您打电话，是想问问新车用得怎么样，只占用您一两分钟，请问现在方便吗？（如不方便：请问您什么时间方便？我们到时再给您打过来。）",
			TextEN: "Hello, this is {agent}, customer service at {store}. Thank you for buying your car from us! I'm calling to see how you're getting on with it — it will only take a minute or two. Is now a good time? (If not: When would suit you? We'll call you back then.)",
		},
		{
			Kind:   IdentityCheck,
			TextZH: "请问是{customer}吗？（如不是本人：请问{customer}什么时间方便接听？记录回拨时间后礼貌结束通话。）您于{date}在我店提了一辆{vehicle}（订单号 {order_no}，销售顾问 {advisor}），对吗？新车开了这段时间，感觉怎么样？车辆的功能和使用上有没有不清楚的地方，或者需要我们帮忙的？（客户提出问题或不满时：记在备注里，告诉客户：“我们会请销售顾问或相关同事尽快与您联系。”）",
			TextEN: "Am I speaking with {customer}? (If not: When would be a good time to reach {customer}? Note the call-back time and end the call politely.) You took delivery of a {vehicle} from us on {date} (order {order_no}, sales consultant {advisor}) — is that right? How are you finding the car so far? Is there anything about its features or how to use it that isn't clear, or anything we can help with? (If the customer raises a problem or is unhappy: note it, and tell them their sales consultant or a colleague will contact them promptly.)",
		},
		{
			Kind:   Closing,
			TextZH: "感谢您的支持！首次保养请留意保养手册上的里程和时间，届时欢迎提前预约。用车中有任何问题，欢迎随时拨打我店服务热线。祝您用车愉快，再见！（待客户先挂机后再挂断）",
			TextEN: "Thank you for your support! Please keep an eye on the mileage and date of the first service in your service booklet — you're welcome to book it with us in advance. If you have any questions about the car, call our service hotline at any time. Enjoy your car — goodbye! (Wait for the customer to hang up first.)",
		},
	}
}

// serviceCareSections check on a customer's car after a service visit, without a survey.
func serviceCareSections() []Section {
	return []Section{
		{
			Kind:   Greeting,
			TextZH: "您好，我是{store}的客服专员{agent}。感谢您选择我店的售后服务！今天给您打电话，是想了解一下车辆现在的情况，只占用您一两分钟，请问现在方便吗？（如不方便：请问您什么时间方便？我们到时再给您打过来。）",
			TextEN: "Hello, this is {agent}, customer service at {store}. Thank you for choosing our workshop! I'm calling to see how your car is running — it will only take a minute or two. Is now a good time? (If not: When would suit you? We'll call you back then.)",
		},
		{
			Kind:   IdentityCheck,
			TextZH: "请问是{customer}吗？（如不是本人：请问{customer}什么时间方便接听？记录回拨时间后礼貌结束通话。）您的{vehicle}于{date}在我店做了{work}（工单号 {order_no}，服务顾问 {advisor}），车开回去以后一切正常吗？（客户反映问题时：记在备注里，告诉客户：“我们会请服务顾问尽快与您联系。”）",
			TextEN: "Am I speaking with {customer}? (If not: When would be a good time to reach {customer}? Note the call-back time and end the call politely.) Your {vehicle} came in for {work} on {date} (repair order {order_no}, service advisor {advisor}) — has everything been running normally since? (If the customer reports a problem: note it, and tell them their service advisor will contact them promptly.)",
		},
		{
			Kind:   Closing,
			TextZH: "感谢您的支持！车辆使用中有任何问题，或需要预约保养，欢迎随时拨打我店服务热线。祝您行车平安，再见！（待客户先挂机后再挂断）",
			TextEN: "Thank you for your support! If you have any problem with the car or would like to book a service, please call our service hotline at any time. Safe driving, and goodbye! (Wait for the customer to hang up first.)",
		},
	}
}
