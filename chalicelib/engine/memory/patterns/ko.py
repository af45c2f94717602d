"""Korean statements about oneself: name, age, home, work, studies, pastimes, likings, family."""

from __future__ import annotations

import re

from chalicelib.engine.memory.patterns import cjk
from chalicelib.engine.memory.patterns.common import fact, words
from chalicelib.models import FactCandidate

_END = r"(?=[,.!。\s]|$)"
_IS = r"(?:이에요|예요|입니다|이야|야|이고|고|이며|이라서|라서)"
_SURNAMES = set("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현"
                "함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용")
_JOBS = re.compile(r"(?:사|원|관|교사|선생님|엔지니어|개발자|프로그래머|디자이너|기자|작가|가수|배우|경찰|군인|기사|"
                   r"농부|사장|"
                   r"주부|바리스타|알바생|교수|강사|번역가|화가|음악가|건축가|셰프|요리사|승무원|조종사|직장인|점원|"
                   r"직원)$")
_NOT_NAMES = words("학생 대학생 고등학생 혼자 한국인 한국사람 외국인 엄마 아빠 싱글 백수 처음 괜찮 누구 여기 "
                   "거기 친구 사람 남자 여자 어른 아이 막내 장녀 장남")
OTHERS = re.compile(r"(?:친구|동료|엄마|아빠|어머니|아버지|형|오빠|언니|누나|동생|남편|아내|와이프|남자친구|여자친구|"
                    r"남친|여친|"
                    r"선생님|팀장님|사장님|부장님|[가-힣]+님|[가-힣]+씨|그녀|걔|그|할머니|할아버지|아들|딸)(?:은|는|"
                    r"이|가|도)(?=\s|$)")
ABOUT_US = re.compile(r"너랑|너와|너하고|당신과|당신이랑|당신하고|너를|너가|네가|당신을|얘기하")
_PASTIME = re.compile(r"(?:하기|기)$")
RELATIVES = {
    "여동생": "sister", "언니": "sister", "누나": "sister", "남동생": "brother", "오빠": "brother", "형": "brother",
    "엄마": "mother", "어머니": "mother", "아빠": "father", "아버지": "father", "딸": "daughter", "아들": "son",
    "아내": "wife", "와이프": "wife", "남편": "husband", "남자친구": "boyfriend", "남친": "boyfriend",
    "여자친구": "girlfriend", "여친": "girlfriend", "할머니": "grandmother", "할아버지": "grandfather",
    "절친": "best_friend", "베프": "best_friend", "고양이": "pet_cat", "강아지": "pet_dog", "개": "pet_dog",
    "토끼": "pet_rabbit", "햄스터": "pet_hamster", "앵무새": "pet_parrot",
}
_TOPIC = r"(?:(?:저는|나는|전|난|저도|나도)\s)?"  # "I" as the topic is not part of what is liked
_WHO = "|".join(sorted(RELATIVES, key=len, reverse=True))
# A supposition, or what someone else said: 만약, -다면, -대요, -다고 했어.
SKIP = re.compile(r"만약|만일|혹시|아마|[가-힣](?:다면|라면)(?=\s|,|$)|[가-힣](?:대요|래요|대|래)(?=[.!?\s]|$)|"
                  r"다고\s?(?:했|하더|들었)|라고\s?(?:했|하더|들었)")


def _name_or_job(m: re.Match[str]) -> FactCandidate | None:
    said = m.group(1)
    if _JOBS.search(said):
        return fact("work", "job_title", said, 0.85)
    if said in _NOT_NAMES or not 2 <= len(said) <= 4:
        return None
    return fact("personal_info", "name", said, 0.8 if said[0] in _SURNAMES and len(said) == 3 else 0.7)


def _attends(m: re.Match[str]) -> FactCandidate | None:
    where = m.group(1).strip()
    if re.search(r"학교|대학|대학원|학원", where):
        return fact("work", "school", where, 0.8)
    return fact("work", "employer", where, 0.85)


RULES = (
    cjk.simple("personal_info", "name", r"([가-힣]{2,4}?)(?:이)?라고\s?(?:해요|합니다|해|불러)", confidence=0.95),
    cjk.simple("personal_info", "name", rf"(?:제|내)\s?이름은\s?([가-힣]{{2,4}}?){_IS}", confidence=0.95),
    cjk.rule(rf"(?:^|(?<=\s))(?:저는|나는|전|난)\s([가-힣]{{2,8}}?){_IS}{_END}", _name_or_job),
    cjk.simple("personal_info", "age", r"(\d{1,3})\s?(?:살|세)", OTHERS, 0.9),
    cjk.simple("personal_info", "location",
               r"([가-힣]{2,8}?)(?:에서|에)\s?(?:살아요|살고\s?있어요|살고\s?있습니다|살고\s?있어|살고\s?있고|삽니다|"
               r"살아)",
               OTHERS, 0.9),
    cjk.simple("personal_info", "location", r"([가-힣]{2,8}?)(?:으로|로)\s?이사(?:했어요|왔어요|했습니다|했어|"
                                            r"왔어)", OTHERS,
               0.85),
    cjk.simple("personal_info", "hometown", r"([가-힣]{2,8}?)\s?(?:출신|에서\s?태어났|에서\s?자랐)", OTHERS, 0.85),
    cjk.rule(r"([가-힣]{2,8}?)(?:으로|로)\s?일(?:해요|하고|합니다|해)",
             lambda m: fact("work", "job_title", m.group(1), 0.85), OTHERS),
    cjk.simple("work", "employer", r"([가-힣A-Za-z]{2,10}(?:\s[가-힣]{1,6})?)에서\s?일(?:해요|하고|합니다|"
                                   r"해)", OTHERS, 0.85),
    cjk.rule(r"([가-힣A-Za-z]{2,10}(?:\s[가-힣]{1,6})?)에\s?다(?:녀요|니고|닙니다|녀)", _attends, OTHERS),
    cjk.simple("work", "studies", r"([가-힣]{2,10}?)(?:을|를)?\s?(?:전공하고|전공해요|전공합니다|전공이에요|"
                                  r"공부하고\s?있)",
               OTHERS, 0.8),
    cjk.hobbies(r"취미는\s?([가-힣A-Za-z ,]{1,20}?)(?:이에요|예요|입니다|이야|야|이고|[,.!]|"
                r"$)", r",\s?|(?:하고|랑|이랑|와|과)\s"),
    cjk.favorite(rf"(?:제일|가장)\s?좋아하는\s?([가-힣]{{1,6}})(?:은|는)\s?([가-힣A-Za-z]{{1,10}}?){_IS}"),
    cjk.liked(_TOPIC + r"([가-힣A-Za-z0-9]+(?:\s[가-힣A-Za-z0-9]+)?)(?:을|를|이|가)\s?(?:(?:정말|엄청|너무|진짜|아주|"
                       r"제일|많이|완전)\s)?"
              r"좋아(?:해요|합니다|해|하고|함)", "{} 좋아함", _PASTIME, ABOUT_US, OTHERS),
    cjk.liked(_TOPIC + r"([가-힣A-Za-z0-9]+(?:\s[가-힣A-Za-z0-9]+)?)(?:을|를|이|가)\s?(?:(?:정말|엄청|너무|진짜|아주|"
                       r"제일)\s)?"
              r"싫어(?:해요|합니다|해|요)", "{} 싫어함", None, ABOUT_US, OTHERS),
    cjk.named(RELATIVES, rf"(?:제|내|우리)\s?(?P<who>{_WHO})\s?이름은\s?(?P<name>[가-힣A-Za-z]{{1,5}}?){_IS}"),
    cjk.named(RELATIVES, r"(?P<name>[가-힣A-Za-z]{1,5}?)(?:이)?라는\s?(?P<who>" + _WHO + ")"),
    cjk.rule(r"결혼했어요|결혼했습니다|결혼했어|"
             r"기혼", lambda m: fact("relationships", "marital_status", "기혼", 0.85), OTHERS),
    cjk.simple("relationships", "children", r"(?:아이|자녀|애)(?:가|는)\s?((?:\d+|한|두|세|네)\s?명)", OTHERS, 0.8),
    cjk.simple("goals", "dream", rf"(?:제|내)\s?꿈은\s?([가-힣A-Za-z0-9 ]{{2,30}}?){_IS}", confidence=0.8),
)
