import { defineTemplates } from './templates.ts';

/**
 * The English crowd (config.lang 'en'): the same moments, kinds and topics as
 * the Indonesian set, smaller, in the casual tone of live-shopping chat.
 */
export const TEMPLATES_EN = defineTemplates('en', [
	// ---- ambient: greetings -------------------------------------------------
	{
		moment: 'ambient', kind: 'greeting',
		texts: [
			'hi!', 'hello {host}!', 'hi everyone', 'just joined, hi', 'hello from {city}', 'greetings from {city}!',
			'hey, good luck with the sale', 'first time here, hello', 'came from the For You page', 'hi, what are you selling today?',
			'present!', 'hey {host}, keep it up',
		],
	},
	{ moment: 'ambient', kind: 'greeting', personas: ['loyal'], texts: ['back again, hi {host}!', 'your regular is here', 'hi again, never miss your live'] },

	// ---- ambient: questions ---------------------------------------------------
	{
		moment: 'ambient', kind: 'question', topic: 'price',
		texts: [
			'how much?', 'how much is the {product}?', 'price please?', 'is it {price}?', 'does {price} include shipping?',
			'any discount on the {product}?', 'which number in the basket?', 'is the {color} one the same price?',
			'price for 2?', 'is {salePrice} the flash sale price?', 'is {variant} the same price?', 'is the live price cheaper?',
		],
	},
	{
		moment: 'ambient', kind: 'question', topic: 'size',
		texts: [
			'is size {size} available?', 'what are the measurements?', 'bust size for {size}?', 'I am 60 kg, which size?',
			'do you have plus sizes?', 'size chart please', 'does the {product} run small?', 'is {size} in {color} available?',
			'what sizes does the {product} come in?',
		],
	},
	{
		moment: 'ambient', kind: 'question', topic: 'stock',
		texts: [
			'in stock?', 'is the {product} still available?', 'any {variant} left?', 'how many left?', 'only {stock} left?',
			'ready stock or pre-order?', 'when is the restock?', 'still have {color}?',
		],
	},
	{
		moment: 'ambient', kind: 'question', topic: 'color',
		texts: [
			'which colours?', 'do you have {color}?', 'any other colours?', 'is the colour true to the camera?',
			'does the {color} fade?', 'can you show the {color} one closer?', 'does the {product} come in black?',
		],
	},
	{
		moment: 'ambient', kind: 'question', topic: 'material',
		texts: [
			'what material?', 'is it cool to wear?', 'is {material} hot?', 'is it see-through?', 'does {material} stretch?',
			'can you zoom in on the fabric?', 'is it machine washable?', 'what is the {product} made of?',
		],
	},
	{
		moment: 'ambient', kind: 'question', topic: 'shipping',
		texts: [
			'shipping to {city}?', 'where do you ship from?', 'how many days to {city}?', 'free shipping?', 'which courier?',
			'if I order now, when does it ship?', 'is the packing safe?',
		],
	},
	{
		moment: 'ambient', kind: 'question', topic: 'cod',
		texts: ['cash on delivery?', 'COD to {city} possible?', 'can I pay on delivery?', 'can I check before paying with COD?', 'COD for the {product}?', 'any extra fee for COD?'],
	},
	{
		moment: 'ambient', kind: 'question', topic: 'wholesale',
		texts: ['wholesale price?', 'price for a dozen?', 'do you take resellers?', 'minimum order for wholesale?', 'reseller price for the {product}?', 'discount if I buy 10?'],
	},
	{
		moment: 'ambient', kind: 'question', topic: 'authenticity',
		texts: ['is it original?', 'is it a knock-off?', 'real pictures?', 'any reviews?', 'is the {product} original?', 'can I return it if it does not match?', 'local brand or imported?'],
	},

	// ---- ambient: everything else ---------------------------------------------
	{
		moment: 'ambient', kind: 'praise',
		texts: ['love it', 'so pretty', 'the {product} looks great', 'nice!', 'great explanation {host}', 'the {color} is gorgeous', 'worth it at {price}', 'looks premium'],
	},
	{ moment: 'ambient', kind: 'praise', personas: ['loyal'], texts: ['I already have one, great quality', 'bought here before, never disappointed', 'highly recommend this shop'] },
	{
		moment: 'ambient', kind: 'haggle',
		texts: ['can you lower the price?', 'any room to negotiate?', '{price} is too much, a little less?', 'free shipping please', 'discount if I buy 2?', 'any voucher?', 'give us a deal {host}'],
	},
	{
		moment: 'ambient', kind: 'doubt',
		texts: ['is it really original?', 'so cheap, is it any good?', 'does it look the same in real life?', 'I got scammed on another live before', 'afraid it will be too small', '{price} but the fabric looks thin'],
	},
	{
		moment: 'ambient', kind: 'troll',
		texts: ['cheaper on the orange app', 'skip, too expensive', 'lol what is this', 'just watching, not buying', 'is this live or a recording?', 'the {product} is cheaper at the market', '{host} are you single?', 'follow me back', 'p'],
	},
	{
		moment: 'ambient', kind: 'chatter',
		texts: ['lol', 'go go go', 'watching', 'keep going', 'can you zoom in?', 'try it on please', 'show the next one', 'watching from {city}', 'ok', 'waiting for payday lol', 'show the {product} again please'],
	},
	{
		moment: 'ambient', kind: 'checkout', personas: ['loyal', 'newcomer', 'priceAsker', 'sizeAsker', 'shippingAsker'],
		texts: ['checked out!', 'I will take one', 'ordered {variant}', 'buying the {product}', 'added to cart', 'taking {color} in {size}'],
	},

	// ---- flash sale ---------------------------------------------------------------
	{
		moment: 'hype', kind: 'chatter',
		texts: ['waiting for the flash sale!', 'ready to check out', 'fingers ready', '{salePrice}?? so cheap', 'flash sale on the {product}, let us go!', 'countdown feels so long', 'do not sell out before I get one'],
	},
	{
		moment: 'checkout', kind: 'checkout',
		texts: ['checkout!', 'got it!', 'ordered!', 'paid already', 'got {variant}', 'got it for {salePrice}!', 'so fast, lucky I got one', 'one {product} for me'],
	},

	{ moment: 'soldOut', kind: 'chatter', texts: ['sold out already?', 'missed it, restock please', 'more {product} please!', 'that was fast, gone'] },

	// ---- host silence --------------------------------------------------------
	{ moment: 'silence', kind: 'chatter', texts: ['hello?', 'why so quiet?', 'no sound?', 'are you there {host}?', 'is the mic off?', 'did the live freeze?', 'say something please'] },
	{ moment: 'bored', kind: 'leaving', texts: ['too quiet, leaving', 'bored, bye', 'will come back later', 'scrolling on'] },

	// ---- ignored questions ------------------------------------------------------
	{ moment: 'repeat', kind: 'repeat', texts: ['hello? what about the {topic}??', 'asking again: {topic}?', '{host}, the {topic} please??', 'my question got skipped, {topic}?'] },
	{ moment: 'repeat', kind: 'repeat', topic: 'price', texts: ['how much?? asked already'] },
	{ moment: 'repeat', kind: 'repeat', topic: 'size', texts: ['is {size} available??'] },
	{ moment: 'repeat', kind: 'repeat', topic: 'stock', texts: ['in stock or not??'] },
	{ moment: 'repeat', kind: 'repeat', topic: 'color', texts: ['is there {color}??'] },
	{ moment: 'repeat', kind: 'repeat', topic: 'material', texts: ['what is the material??'] },
	{ moment: 'repeat', kind: 'repeat', topic: 'shipping', texts: ['shipping to {city}??'] },
	{ moment: 'repeat', kind: 'repeat', topic: 'cod', texts: ['COD or not??'] },
	{ moment: 'repeat', kind: 'repeat', topic: 'wholesale', texts: ['wholesale price??'] },
	{ moment: 'repeat', kind: 'repeat', topic: 'authenticity', texts: ['so is it original??'] },
	{ moment: 'escalate', kind: 'repeat', texts: ['I keep asking and nobody answers', 'being ignored here', 'asked about the {topic} three times', 'please answer, I want to buy', 'why skip my question?'] },
	{ moment: 'giveUp', kind: 'leaving', texts: ['never mind then', 'no answer, leaving', 'I will buy somewhere else', 'forget it', 'ignored, bye'] },

	// ---- reactions to the host and the room ---------------------------------------
	{ moment: 'thanks', kind: 'thanks', texts: ['thanks for the info', 'thank you {host}', 'got it, thanks', 'ok, checking out now', 'thanks, taking the {product}', 'clear, thank you'] },
	{ moment: 'social', kind: 'chatter', texts: ['selling fast!', 'I want one too', 'someone already bought', 'nice one {name}', 'hurry before it sells out', 'only {stock} left, hurry', 'everyone is buying the {product}'] },
	{ moment: 'echo', kind: 'chatter', texts: ['same, I want one too', '@{name} same', '@{name} agreed', 'please answer {name}', 'I want to know too', '@{name} hi!'] },
	{ moment: 'objection', kind: 'haggle', texts: ['too expensive', 'cheaper at the shop next door', '{price}? that is a lot', 'why is the {product} so pricey?'] },
	{ moment: 'objection', kind: 'doubt', texts: ['too expensive for {material}', 'saw it cheaper on another live'] },
	{ moment: 'askFlashSale', kind: 'haggle', texts: ['flash sale please!', 'when is the flash sale?', 'flash sale on the {product} please', 'any promo right now?'] },
]);
