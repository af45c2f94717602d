"""Chinese statements about oneself: name, age, home, work, studies, pastimes, likings, family."""

from __future__ import annotations

import re

from chalicelib.engine.memory.patterns import cjk
from chalicelib.engine.memory.patterns.common import fact
from chalicelib.models import FactCandidate

_H = r"\u4e00-\u9fff"
_END = r"(?=[，。！、,.!；;\s]|$)"
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
             "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧")
_NAME = rf"([{_H}]{{2,3}}|[A-Z][a-z]+){_END}"
_PLACE = rf"([{_H}]{{2,8}}?)"
_JOB = (rf"([{_H}]{{0,6}}(?:师|员|工|家|手|官|警察|医生|大夫|司机|老板|记者|护士|会计|农民|军人|导游|主播|秘书|"
        rf"教授|保安|保姆|厨子|店长|经理|主管|总监|老师))")
_ORG = r"(?:公司|银行|医院|学校|工厂|大学|中学|小学|幼儿园|店|餐厅|饭店|酒店|超市|集团|研究所|机构|部门|单位|政府)"
# Another person as the subject before the match: 他, 我朋友, 我妈妈 ...
OTHERS = re.compile(r"他|她|它|朋友|同事|同学|邻居|老板|妈|爸|哥|姐|弟|妹|老公|老婆|丈夫|妻子|儿子|女儿|孩子|奶奶|爷爷|"
                    r"老师|[男女]朋友|室友|表[哥姐弟妹]|堂[哥姐弟妹]")
ABOUT_US = re.compile(r"你|您")
_PASTIME = re.compile(r"^(?:打|踢|弹|看|听|做|画|唱|跳|跑|游|骑|爬|钓|下|玩|读|写|拍|学|练)")
RELATIVES = {
    "妹妹": "sister", "姐姐": "sister", "哥哥": "brother", "弟弟": "brother", "妈妈": "mother", "母亲": "mother",
    "爸爸": "father", "父亲": "father", "女儿": "daughter", "儿子": "son", "老婆": "wife", "妻子": "wife",
    "老公": "husband", "丈夫": "husband", "男朋友": "boyfriend", "女朋友": "girlfriend", "奶奶": "grandmother",
    "外婆": "grandmother", "爷爷": "grandfather", "外公": "grandfather", "最好的朋友": "best_friend",
    "猫": "pet_cat", "猫咪": "pet_cat", "狗": "pet_dog", "小狗": "pet_dog", "兔子": "pet_rabbit",
    "仓鼠": "pet_hamster", "鹦鹉": "pet_parrot",
}
_WHO = "|".join(sorted(RELATIVES, key=len, reverse=True))
SKIP = re.compile(r"如果|要是|假如|假设|也许|或许|万一|的话|想象|假装|据说|听说|说过|他说|她说|梦见")


def _name_or_job(m: re.Match[str]) -> FactCandidate | None:
    said = m.group(1)
    if re.fullmatch(_JOB, said):
        return None  # 程序员 starts with a surname but names a job
    if said[0] in _SURNAMES and len(said) <= 3:
        return fact("personal_info", "name", said, 0.75)
    return None


def _works_in(m: re.Match[str]) -> FactCandidate | None:
    where = m.group(1)
    if re.search(_ORG + "$", where):
        return fact("work", "employer", where, 0.85)
    return fact("personal_info", "location", where, 0.8)


RULES = (
    cjk.simple("personal_info", "name", rf"(?:我叫|我的名字(?:是|叫)|叫我|我姓[{_H}]，?名叫){_NAME}", confidence=0.95),
    cjk.rule(rf"我是{_NAME}", _name_or_job),
    cjk.simple("work", "job_title", rf"我是(?:一名|一个|一位|个|名)?{_JOB}{_END}", confidence=0.85),
    cjk.simple("work", "job_title", rf"我是((?:做|开|教|卖|搞|写|修|跑)[{_H}]{{1,8}}?)的{_END}", confidence=0.8),
    cjk.simple("work", "job_title", rf"我的(?:工作|职业)是(?:一名|"
                                    rf"一个)?([{_H}A-Za-z]{{2,10}}?){_END}", confidence=0.85),
    cjk.simple("personal_info", "age", r"(\d{1,3})\s*岁", OTHERS, 0.9),
    cjk.simple("personal_info", "location", rf"我?(?:现在|目前|一直|也)?住在{_PLACE}(?=[，。！、,.!\s]|$|已经|了|"
                                            rf"附近|的)",
               OTHERS, 0.9),
    cjk.simple("personal_info", "location", rf"(?:现在|目前|一直)?在{_PLACE}(?:生活|定居|住)", OTHERS, 0.85),
    cjk.simple("personal_info", "location", rf"我(?:刚|已经)?搬(?:到|去)了?{_PLACE}{_END}", confidence=0.85),
    cjk.simple("personal_info", "hometown", rf"我(?:是|来自){_PLACE}人{_END}|我来自{_PLACE}{_END}", confidence=0.85),
    cjk.rule(rf"我(?:现在|目前)?在([{_H}A-Za-z]{{2,12}}?)(?:工作|上班)", _works_in),
    cjk.simple("work", "studies", rf"我(?:在大学)?(?:学|读|念|学习|主修)的?(?:是)?([{_H}]{{2,8}}?)(?:专业)?{_END}",
               confidence=0.8),
    cjk.simple("work", "studies", rf"我是([{_H}]{{2,8}}?)专业的", confidence=0.85),
    cjk.hobbies(rf"我的(?:爱好|兴趣|业余爱好)是([{_H}A-Za-z、和]{{2,20}}?){_END}", r"、|和"),
    cjk.favorite(rf"我最喜欢的([{_H}]{{1,4}}?)是([{_H}A-Za-z]{{1,10}}?){_END}"),
    cjk.liked(rf"我(?:很|非常|特别|超|也|真的|挺|最)?(?:喜欢|爱)(?!的)([{_H}A-Za-z]{{1,10}}?){_END}", "喜欢{}",
              _PASTIME, ABOUT_US),
    cjk.liked(rf"我(?:很|非常|特别|最)?讨厌([{_H}A-Za-z]{{1,10}}?){_END}", "讨厌{}", None, ABOUT_US),
    cjk.liked(rf"我(?:很|非常|特别|最|真的|一点也|一点都)?不(?:太)?喜欢([{_H}A-Za-z]{{1,10}}?){_END}", "不喜欢{}", None,
              ABOUT_US),
    cjk.named(RELATIVES, rf"我(?:的)?(?P<who>{_WHO})(?:的名字)?叫(?P<name>[{_H}A-Za-z]{{1,4}}?){_END}"),
    cjk.named(RELATIVES, rf"我(?:家)?(?:有|养了?)(?:一|两)?(?:只|条|个)(?P<who>{_WHO})，?(?:叫|名叫|名字叫)"
                         rf"(?P<name>[{_H}A-Za-z]{{1,4}}?){_END}"),
    cjk.simple("relationships", "marital_status", r"我(?:已经)?(结婚了|已婚|单身|离婚了|订婚了)", confidence=0.85),
    cjk.simple("relationships", "children", r"我?有((?:一|两|二|三|四|\d+)个(?:孩子|儿子|女儿))", OTHERS, 0.8),
    cjk.simple("goals", "dream", rf"我的(?:梦想|目标)是([{_H}A-Za-z0-9]{{2,20}}?){_END}", confidence=0.8),
)
