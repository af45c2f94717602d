"""English rules of the safety check (see `chalicelib.engine.safety.rules` for what each tuple means)."""

# ruff: noqa: E501  (patterns are data: they read better unbroken)

from __future__ import annotations

# Wishes and decisions may take "die"; "going to" and "about to" may not ("I'm going to die if I miss it").
_WISH = (r"(?:want|wanna|wish|wished|plan|planning|planned|ready|decided|tempted|urge|need|thinking about|think about|"
         r"thought about|thinking of|considering|intend|intending)")
_GOING = r"(?:going|gonna|about|trying|tried|try|will|ill|im)"
_SELF = r"my ?self"

STEMS = (
    "die", "dying", "dead", "death", "kill", "suicid", "live", "living", "alive", "life", "exist", "wake", "waking",
    "disappear", "vanish", "gone", "burden", "better off", "end it", "end my", "ending", "self", "harm", "cut",
    "hurt", "bleed", "overdose", "pills", "note", "letter", "giving away", "gave away", "jump", "hang", "unalive",
    "miss me", "suicid", "how many", "how much", "way to", "method", "bleed", "end", "here", "od", "going on",
    "keep going", "go on", "without me", "woke", "forever", "born", "notice", "goodbye", "farewell", "bridge",
    "step", "throw", "attempt", "tried", "around", "bled", "slash", "slit", "carv", "scratch", "blade", "razor",
    "knife", "rope", "gun", "stop", "not wake", "fatal", "this world", "carrying on", "tablets", "burn", "scissors",
    "lighter", "cigarette", "glass", "compass", "do it", "date", "day", "every pill", "all the", "all my",
    "whole bottle", "whole box", "whole pack", "i cut", "i just cut", "i always cut", "i cutting", "to cut", "pill",
    "tablet", "meds", "medication", "painkiller", "hurting", "made up my mind", "made my mind up", "decided",
    "relapse",
)
HUMAN_STEMS = ("human", "person", "real", "bot", "ai", "robot", "machine", "computer", "program", "someone", "people", "who am i", "who are you", "alive", "artificial", "actual", "talking", "chatting", "speaking", "youre", "you are", "ur ", "u r", "anyone", "anybody", "r u", "r you", "r ya")

SUICIDAL = (
    rf"\b{_WISH} (?:to |of |about |on )?(?:just |simply |finally |really )?(?:die|be dead|dying|not (?:be here|exist|live|"
    r"be alive|wake up)|disappear|vanish)\b",
    rf"\b(?:{_WISH}|{_GOING}) (?:to |of |about |on )?(?:just |simply |finally |really )?(?:kill {_SELF}|killing "
    rf"{_SELF}|end (?:my|my own|this) life|ending (?:my|my own) life|end it all|ending it all|take my (?:own )?life|"
    rf"taking my (?:own )?life|commit suicide|committing suicide|suicide|unalive {_SELF}|off {_SELF}|overdose|od)\b",
    rf"\b(?:kill|killing|killed|hang|hanging|hanged|drown|drowning|shoot|shooting|poison|poisoning|unalive|off) {_SELF}\b",
    r"\b(?:end|ending|take|taking) (?:my|my own) life\b",
    r"\b(?:bought|got|have|found)\b[^.!?]{0,10}\b(?:a |some |the )?rope\b[^.!?]{0,40}\b(?:know what (?:its|it is) for|for myself|to use on myself|for me)\b",
    r"\b(?:made up my mind|made my mind up|decided|ive decided|i have decided) to (?:end it|die|kill myself|end my life|take my life)\b",
    r"\b(?:want|wanna|wish i could|need|just want) to (?:just )?stop (?:existing|living|being alive|being here)\b",
    r"\b(?:sorted|sorted out|arranged|organi[sz]ed|prepared|settled|put)\b[^.!?]{0,60}\b(?:after|when|once) (?:im|i am) (?:gone|dead)\b",
    rf"\b(?:{_WISH}|{_GOING}) (?:to )?(?:take|swallow) (?:every|all (?:of )?(?:the|my)|the whole (?:bottle|box|pack) of|a whole (?:bottle|box|pack) of) (?:pills?|tablets?|meds|medication|painkillers|sleeping pills)\b",
    r"\b(?:want|wanna|going|gonna|ready|decided|need|about) to (?:just )?end it\b(?! (?:with|between|for|before|after|on|at|here|there|early|quickly|nicely|politely|properly))",
    r"\bend (?:it|things|everything) (?:all|tonight|today|now|soon|for good|forever|once and for all)\b",
    r"\b(?:im|i am|i feel|feeling|i get|ive been|been|i keep|i was|i have|i had|ive had|having|im having)"
    r" (?:really |so |very |a bit |kind of |kinda |pretty |more |always |constantly |)(?:suicidal|thoughts (?:of|about)"
    r" (?:suicide|killing|dying|ending)|suicide thoughts|dark thoughts about (?:dying|ending))",
    r"\b(?:i|ive|im|been|keep|always|constantly)\b[^.!?,;]{0,25}\b(?:thinking|thought|think|dreaming|dream|fantasi[sz]ing)"
    r" (?:about|of) (?:just |simply )?(?:suicide|killing myself|ending (?:it|my life|it all|things|everything)|dying|death|not (?:being"
    r" here|existing|waking up|being alive)|taking my (?:own )?life|disappearing)",
    r"\b(?:dont|do not|didnt|never) (?:really )?(?:want|wanna|wish) (?:to )?(?:live|be alive|exist|wake up|keep "
    r"living|keep going|go on|be here any ?more|be around any ?more|be in this world)\b(?! (?:early|late|at|before|so "
    r"early|this early|for (?:work|school|class)|in (?:a|the|this|that)|with|near|there|like that))",
    r"\b(?:no|dont see a|dont see any|dont see the|cant see a|cant see any|cant see the|lost (?:all |my |the )?)"
    r" ?(?:reason|point|sense|will|purpose|meaning) (?:to|in|of|for) (?:live|living|life|being alive|going on|carrying "
    r"on|existing|wake up|waking up|keep going|stay alive|staying alive)\b",
    r"\b(?:life|living|my life|existing|being alive) (?:isnt|is not|is no longer|aint|doesnt feel|does not feel|no longer"
    r" feels|doesnt seem) worth\b",
    r"\b(?:life|my life|living|existing) (?:is|feels|seems) (?:so |completely |totally |just |)(?:pointless|meaningless|"
    r"not worth it)\b",
    r"\b(?:life|my life) has no (?:point|meaning|purpose)\b",
    r"\b(?:when|once|after) (?:im|i am) (?:dead|no longer (?:alive|here|around)|not (?:alive|here|around) any ?more)\b",
    r"\b(?:tired|sick|done|exhausted|finished) (?:of|with) (?:living|being alive|life|existing|my life)\b",
    r"\bcant (?:go on|keep going|keep living|do life|live like this) (?:any ?more|any longer|living|like this)\b",
    r"\b(?:better off|happier|relieved|easier|better|fine|free)\b[^.!?]{0,20}\b(?:without me|if i (?:was |were |am |just "
    r")?(?:gone|dead|not here|not around|wasnt here|wasnt around|werent here|disappeared|died|didnt exist|never "
    r"existed|wasnt alive|left for good|vanished))",
    r"\b(?:easier|better|best|simpler)\b[^.!?]{0,25}\bif i (?:just |simply )?(?:didnt|did not|never|wouldnt|dont|could"
    r" not|couldnt) (?:wake up|wake|exist|existed|be here|live|woke up)\b",
    r"\b(?:wish|hope|pray|want|wanna)\b[^.!?]{0,20}\b(?:never|not|didnt|dont|wouldnt) (?:wake|waking|woke) up\b(?! "
    r"(?:early|late|the|my|you|him|her|them|in time|before|at|too|till|until|so|on time))",
    r"\b(?:sleep|go to sleep|fall asleep) (?:forever|and never wake up|and not wake up)\b",
    r"\bwish (?:i|id) (?:was|were|had|could be)? ?(?:dead|never born|not alive|not here|gone|been never born|never been born)\b",
    r"\b(?:no ?one|nobody|no body)\b[^.!?]{0,15}\b(?:would|will|even|gonna)\b[^.!?]{0,10}\b(?:miss me|notice if i|care if i"
    r" (?:die|died|was gone|disappeared)|notice (?:when|that) im gone)",
    r"\b(?:im|i am|im just|i am just|im such|i feel like)\b[^.!?]{0,10}\bburden (?:to|on|for) (?:everyone|everybody|my|them"
    r"|you|people|the world)",
    r"\b(?:wrote|written|writing|write|left|leave|leaving|drafted)\b[^.!?]{0,25}\b(?:suicide|goodbye|farewell)"
    r" (?:note|letter|message)s?\b",
    rf"\b(?:{_WISH}|{_GOING}) (?:to )?(?:jump|jumping|throw {_SELF}|step|stepping) (?:off|from|in front of|under|out of) (?:a |the"
    r" |this |my |that )?(?:bridge|building|roof|rooftop|cliff|train|balcony|window|car|bus|truck|tower|ledge)",
    r"\b(?:decided|picked|chosen|chose|set|planned|know|figured out|worked out)\b[^.!?]{0,25}\b(?:when|how|where|the (?:day"
    r"|date|time|way|method|place))\b[^.!?]{0,25}\b(?:die|end it|end my life|kill myself|take my life|not be here)\b",
    r"\b(?:i|ive|i have)\b (?:already |once |twice |recently |just )?(?:attempted|tried) (?:suicide|to kill myself|to "
    r"end (?:it|my life)|to take my (?:own )?life|to overdose)",
    r"\b(?:wont|will not|not going to|may not|might not) be (?:here|around|alive) (?:any ?more|much longer|for much "
    r"longer|for long|by (?:tomorrow|next))\b",
    r"\b(?:want|wanna|need) (?:it|this|everything|all of (?:it|this)) to (?:end|stop) (?:forever|for good|permanently)\b",
    r"\b(?:pills|tablets|rope|gun|razor|blades?)\b[^.!?]{0,20}\b(?:to|so i can|so that i can|for when i) (?:die|end it|end my life|kill myself|not wake up)\b",
    r"\b(?:picked|chose|chosen|set|decided on)\b (?:a|the) (?:date|day)\b[^!?]{0,40}\b(?:im done|to die|to end it|its over|goodbye everyone)\b",
    r"\b(?:bought|got|buying|getting|saved|saving|collecting|stockpiling|hoarding)\b[^.!?]{0,20}\b(?:pills|rope|tablets|"
    r"gun|razor|blades?)\b[^.!?]{0,20}\b(?:to|so i can|for when) (?:die|end|kill|hang|do it|not wake)",
)

# Fire even in a sentence about a game, a story, the news or a medicine: asking how to die is never fiction here.
ALWAYS = (
    r"\bhow (?:many|much)\b[^.!?]{0,40}\b(?:would it take|does it take|to take|do i need|should i take|is enough)\b"
    r"[^.!?]{0,20}\b(?:to )?(?:die|kill (?:me|myself)|end (?:it|my life)|not wake up|be fatal|overdose)\b",
    r"\b(?:what|which) (?:is|s|would be)? ?(?:the )?(?:easiest|quickest|fastest|least painful|painless|best|surest) "
    r"(?:way|method|ways|methods) to (?:die|kill my ?self|end (?:it|my life)|commit suicide)\b",
    r"\b(?:im|i am|i feel|feeling) (?:really |so |very |)suicidal\b",
)

SELF_HARM = (
    r"\bself.?harm(?:ing|ed)?\b",
    rf"\b(?:cut|cutting|carve|carving|carved|slash|slashing|slashed|burn|burning|burned|burnt|scratch|scratching|scratched)"
    rf" {_SELF}\b",
    r"\b(?:cut|cutting|slash|slashing|slashed|slit|slitting|burn|burning|burned|burnt|carve|carved|carving|scratch|scratched"
    r"|scratching) (?:my|on my|into my) (?:arms?|wrists?|legs?|thighs?|skin|stomach|hips?|body)\b",
    rf"\b(?:keep|kept|been|started|start|want|wanna|need|urge to|urges to|going to|gonna|cant stop|couldnt stop|still|"
    rf"again)\b[^.!?]{{0,12}}\b(?:hurt|hurting|harm|harming|hit|hitting|punch|punching|bite|biting|starve|starving|punish|"
    rf"punishing|bruise|bruising) {_SELF}\b",
    rf"\b(?:hurt|hurting|harmed|harming|hit|hitting|punched|bit|starved|punished|bruised) {_SELF} (?:again|on purpose|deliberately|intentionally|"
    r"every|badly|until|till|so hard)\b",
    r"\b(?:until|till|til) (?:i|it) (?:bleed|bled|bleeds|started bleeding)\b",
    r"\b(?:relapsed|relapse|relapsing)\b[^.!?]{0,20}\b(?:cut|cutting|self.?harm\w*|hurt myself|burn\w* myself)",
    r"\bi(?: just| always)? (?:cut|cutting)(?: again)?(?=\s*(?:[.!?,;]|$|when|because|to feel|every))",
    r"\b(?:urge|urges|want|wanna|need) to cut\b(?! (?:the|my hair|a|an|it|them|him|her|down|back|off|out|ties|in|class|school|costs|corners|carbs|sugar|ahead))",
    r"\b(?:took|take|taking|used|use|using|put|press|pressed|held) (?:a |the |my )?(?:blade|razor|knife|scissors|lighter|"
    r"cigarette|glass|compass)s? (?:to|on|against|into) my (?:arms?|wrists?|legs?|thighs?|skin|body|stomach|hips?)\b",
)

NOT_MEANT = (
    r"\b(?:dont|do not|didnt|did not|never|wouldnt|would not|wont|will not|not|no longer) (?:really |ever |even )?"
    r"(?:want|wanna|plan|intend|going|mean|try|think about|thinking about|planning) (?:to |on |of )?(?:die|kill|end|hurt"
    r"|harm|cut|commit|take|jump|disappear|overdose|suicide)\w*(?: \w+)?",
    r"\b(?:would|could|might|gonna|going to|ill|will|about to|almost|nearly|literally|just) (?:die|died|dying|kill "
    r"(?:myself|me)|killed myself) (?:of|from|laughing|laughter|with laughter|with embarrassment|for)\b",
    r"\bkill(?:ing|ed)? my ?self (?:laughing|with laughter|working|studying|at (?:work|the gym)|for (?:this|that|nothing))",
    r"\b(?:die|dying|died|dead) (?:of|from) (?:laughter|laughing|embarrassment|shame|boredom|hunger|thirst|cringe|"
    r"cuteness|heat|cold|curiosity|jealousy|excitement)\b",
    r"\bdying (?:to|for)\b",
    r"\b(?:want to|wanna|could|gonna|going to|about to|i will|ill) (?:just |literally )?die\b[^.!?]{0,40}\b(?:embarrass\w*|cringe\w*|awkward|so good|so cute|too cute|adorable|so funny|hilarious)",
    r"\b(?:embarrass\w*|cringe\w*|awkward|so good|so cute|too cute|adorable|hilarious)\b[^.!?]{0,30}\b(?:want to|wanna|could|gonna) (?:just |literally )?die\b",
    r"\b(?:almost|nearly) (?:killed|died|kill)\b[^.!?]{0,15}",
    r"\bcut(?:ting)? my ?self (?:shaving|while|when|on(?! purpose)|by accident|accidentally|cooking|chopping|slicing|opening|with "
    r"(?:a|the) (?:paper|kitchen|bread|knife while)|a |an |some |off|short|loose|free)\w*",
    r"\b(?:cut|cutting|burned|burnt|burn|burning|scratched) (?:my ?self|my (?:arm|hand|finger|leg|skin|wrist)s?) (?:on(?! "
    r"purpose)|while|"
    r"when|by accident|accidentally|cooking|shaving|with (?:the|an?) (?:iron|oven|stove|pan|paper))\w*",
    r"\bself.?harm (?:awareness|prevention|research|statistics|rates?|support group|charity)\b",
    r"\bhow (?:can|do) i (?:help|support)\b[^.!?]{0,60}",
    r"\b(?:shoot|shooting|shot) my ?self in the foot\b",
    r"\b(?:drown|drowning|drowned|bury|burying|throw|throwing) my ?self (?:in|into) (?:work|my work|books|studying|"
    r"the|my)\b",
    r"\bburn(?:ing|ed|t)? my ?self out\b",
    r"\bsleep when im dead\b",
)

FRAMES = (
    r"\b(?:in|on|playing|during) (?:the |this |that |my |a |our )?(?:game|video ?game|match|round|raid|campaign|"
    r"server|minecraft|fortnite|roblox|zelda|mario|dark souls|elden ring|boss fight|d&d|dnd)\b",
    r"\b(?:my|his|her|their|the) (?:character|avatar|toon|hero|protagonist|villain|sims?|player)\b",
    r"\b(?:respawn|respawned|final boss|boss fight|noob|teammates?|npc|pvp|hp|health bar|extra li(?:fe|ves))\b",
    r"\b(?:in|from|of) (?:the |this |that |a |my )?(?:movie|film|book|novel|story|series|show|episode|anime|manga|"
    r"play|poem|song|lyrics|fanfic|fiction|script|chapter)\b",
    r"\b(?:i|im|we) (?:am |are )?(?:writing|reading|watching|drafting) (?:a |an |the |my )?(?:story|novel|book|script|"
    r"essay|paper|poem|report|article|thesis)\b",
    r"\b(?:(?:in|on|from|saw|read|watched|heard|watching|reading) (?:it )?(?:on |in )?the news|news (?:said|says|report"
    r"|reports|reported|story|article|today)|according to|the article|a headline|newspaper|journalists?|reported that|"
    r"were reported|documentary|podcast|statistics|death toll)\b",
    r"\b(?:can i|could i|is it (?:safe|ok|okay|dangerous|bad)|should i|how (?:much|many)|maximum|max|can you)\b[^.!?]{0,40}"
    r"\b(?:paracetamol|ibuprofen|aspirin|tylenol|advil|acetaminophen|mg|dose|dosage|medication|medicine|antibiotics?|"
    r"side effects?|symptoms?|prescription)\b",
)

HUMAN = (
    r"\b(?:are|r) (?:you|u|ya) (?:a |an |actually |really |even |just )*(?:real|human|person|bot|robot|ai|machine|computer|"
    r"program|chatbot|chat bot|artificial|actual person|real person|living person|alive|someone real)\b(?: person|"
    r" human| being| intelligence| or)?",
    r"\bis (?:this|that|it) (?:a |an |really |actually )*(?:bot|robot|ai|real person|human|real human|machine|computer|"
    r"chatbot|person)\b",
    r"\b(?:am i|are we) (?:talking|chatting|speaking|texting|messaging|writing) (?:to|with) (?:a |an )?(?:real|human|"
    r"person|bot|robot|ai|machine|computer|program|someone real|actual)",
    r"\b(?:youre|you are|ur|u r) (?:not |not even |just |really |actually )?(?:a |an )?(?:real (?:person|human)|human|person|bot|robot|ai|machine|program)\b[^.!?]*\?",
    r"\b(?:is|are) (?:there )?(?:a |an )?(?:real |actual )?(?:person|human|someone|people|anyone|anybody) (?:real )?(?:behind|answering|typing|"
    r"writing|on the other)",
    r"\b(?:bot|ai|robot|machine|computer|program|chatbot) or (?:a |an )?(?:real |actual )?(?:human|person|people|man|"
    r"woman|someone)\b",
    r"\b(?:human|person|real) or (?:a |an )?(?:bot|ai|robot|machine|computer|program|chatbot)\b",
    r"\bwho (?:am i|are you) (?:really )?(?:talking|chatting|speaking) (?:to|with)\b.*\?",
)

SEXUAL = (
    r"\b(?:sex|sexual|sexually|sexy|sexting|sext|nudes?|naked|horny|erotic|erotica|porn|porno|nsfw|kinky|lewd|"
    r"foreplay|orgasm|aroused|arousing|undress|strip for me|seduce me|18\+|xxx)\b",
    r"\b(?:dirty|naughty|spicy|steamy|filthy|raunchy|hot|flirty) (?:talk|story|stories|things|stuff|chat|messages?|"
    r"pics?|photos?|roleplay|role.?play|fantas(?:y|ies)|details)\b",
    r"\b(?:talk|say|tell me|text me|whisper|send me) (?:something |some )?(?:dirty|naughty|spicy|steamy|filthy|kinky)\b",
    r"\bsomething (?:really |very )?(?:dirty|naughty|kinky|steamy|raunchy|sexual)\b",
    r"\b(?:hot|spicy) and (?:dirty|naughty|steamy|sexy)\b",
    r"\b(?:make out|making out|turn me on|turns me on|in bed with|sleep with me|hook up with|touch me|kiss me all over)\b",
)
