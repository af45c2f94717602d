"""Japanese statements about oneself: name, age, home, work, studies, pastimes, likings, family."""

from __future__ import annotations

import re

from chalicelib.engine.memory.patterns import cjk
from chalicelib.engine.memory.patterns.common import fact, words
from chalicelib.models import FactCandidate

_K = r"一-龯々ァ-ヶー"  # kanji and katakana: the nouns of a sentence; hiragana mostly glues them
_END = r"(?=です|でした|だ|で、|で|と申|といい|って|。|、|！|$)"
_SURNAMES = words(
    "佐藤 鈴木 高橋 田中 伊藤 渡辺 渡部 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 斉藤 清水 "
    "山崎 "
    "森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本 福田 太田 西村 "
    "藤井 "
    "金子 岡本 藤原 中野 三浦 原田 松田 竹内 小野 田村 中山 和田 石田 森田 上田 原 柴田 酒井 工藤 横山 宮崎 宮本 内田 "
    "高木 安藤 島田 谷口 大野 丸山 今井 高田 藤本 武田 村田 上野 杉山 増田 小山 大塚 平野 菅原 久保 松井 千葉 岩崎 "
    "桜井 木下 野口 松尾 菊地 野村 新井 山内 西田 吉川 本田 北村"
)
_JOB = (rf"([{_K}]{{0,8}}(?:士|師|員|者|家|医|官|手|長|屋|ナー|ター|マン|スト|リスト|ーター|エンジニア|デザイナー|"
        rf"プログラマー|パイロット|ドライバー|シェフ|コック|バイト|アルバイト|パート|先生|教授|主婦|主夫))")
_STUDENTS = {"学生", "大学生", "高校生", "中学生", "小学生", "院生", "大学院生", "留学生"}
OTHERS = re.compile(r"(?:同僚|友達|友人|母|父|兄|姉|弟|妹|彼|彼女|夫|妻|息子|娘|上司|先輩|後輩|先生|彼氏|社長|部長|"
                    r"課長|"
                    r"祖母|祖父|おばあちゃん|おじいちゃん|お母さん|お父さん|[一-龯ァ-ヶ]+さん|[一-龯ァ-ヶ]+くん|"
                    r"[一-龯ァ-ヶ]+ちゃん)(?:が|は|も)")
ABOUT_US = re.compile(r"あなた|君|きみ")
_PASTIME = re.compile(r"(?:すること|するの|こと|の)$|^(?:[一-龯ァ-ヶー]+を)")
RELATIVES = {
    "妹": "sister", "姉": "sister", "兄": "brother", "弟": "brother", "母": "mother", "父": "father",
    "娘": "daughter", "息子": "son", "妻": "wife", "嫁": "wife", "夫": "husband", "主人": "husband",
    "旦那": "husband", "彼氏": "boyfriend", "彼女": "girlfriend", "祖母": "grandmother", "祖父": "grandfather",
    "親友": "best_friend", "犬": "pet_dog", "猫": "pet_cat", "うさぎ": "pet_rabbit", "ウサギ": "pet_rabbit",
    "ハムスター": "pet_hamster", "インコ": "pet_bird", "飼い猫": "pet_cat", "飼い犬": "pet_dog",
}
_WHO = "|".join(sorted(RELATIVES, key=len, reverse=True))
SKIP = re.compile(r"もし|たら|なら(?!ない)|かもしれ|だろう|でしょう|仮に|らしい|そうです|そうだ|みたい|って言|と言って|"
                  r"と聞いた|って聞いた|想像")


def _name(m: re.Match[str]) -> FactCandidate | None:
    said = m.group(1)
    if said in _STUDENTS or re.fullmatch(_JOB, said):
        return None
    if any(said.startswith(s) for s in _SURNAMES) or re.fullmatch(r"[ァ-ヶー]{2,8}", said):
        return fact("personal_info", "name", said, 0.8)
    return None


def _job(m: re.Match[str]) -> FactCandidate | None:
    said = m.group(1)
    if said in _STUDENTS:
        return fact("work", "studies", said, 0.7)
    return fact("work", "job_title", said, 0.85)


RULES = (
    cjk.simple("personal_info", "name",
               rf"(?:名前は|私は|僕は|俺は|わたしは)?([{_K}]{{2,8}})(?:と申します|といいます|と言います|って言います|"
               r"って呼んで)", confidence=0.95),
    cjk.simple("personal_info", "name", rf"(?:私|僕|わたし)の名前は([{_K}ぁ-ん]{{2,8}}?){_END}", confidence=0.95),
    cjk.rule(rf"(?:^|、|私は|僕は|わたしは)([{_K}]{{2,6}})です", _name),
    cjk.simple("personal_info", "age", r"(\d{1,3})\s*(?:歳|才)", OTHERS, 0.9),
    cjk.simple("personal_info", "location", rf"([{_K}]{{2,10}})に住んで(?:います|いる|る|いて|ます|て)", OTHERS, 0.9),
    cjk.simple("personal_info", "location", rf"([{_K}]{{2,10}})で(?:暮らして|生活して)", OTHERS, 0.85),
    cjk.simple("personal_info", "location", rf"([{_K}]{{2,10}})に引っ越し(?:ました|た|てきました|"
                                            rf"てきた)", OTHERS, 0.85),
    cjk.simple("personal_info", "hometown", rf"([{_K}]{{2,10}})(?:出身|生まれ)", OTHERS, 0.85),
    cjk.rule(rf"{_JOB}(?:を|として)(?:しています|してます|している|やっています|働いて)", _job, OTHERS),
    cjk.rule(rf"(?:^|私は|僕は|わたしは|仕事は|職業は){_JOB}(?:です|だ|をして)", _job, OTHERS),
    cjk.simple("work", "employer", rf"([{_K}A-Za-z]{{2,12}})(?:で働いて|に勤めて|に勤務して|で勤務して)", OTHERS, 0.85),
    cjk.simple("work", "studies", rf"(?:大学で)?([{_K}]{{2,10}})を(?:勉強して|専攻して|学んで|専攻)", OTHERS, 0.8),
    cjk.hobbies(rf"趣味は([{_K}ぁ-んA-Za-z、と]{{1,20}}?)(?:です|で|だ|。|、|！|$)", r"、|と|や"),
    cjk.favorite(rf"一番好きな([{_K}]{{1,6}})は([{_K}ぁ-んA-Za-z]{{1,12}}?){_END}"),
    cjk.liked(rf"([{_K}ぁ-んA-Za-z]{{1,12}}?)が(?:とても|すごく|本当に|めっちゃ)?(?:大)?好き(?!な|じゃ|では)",
              "{}が好き", _PASTIME, ABOUT_US, OTHERS),
    cjk.liked(rf"([{_K}ぁ-んA-Za-z]{{1,12}}?)が(?:大)?嫌い", "{}が嫌い", None, ABOUT_US, OTHERS),
    cjk.rule(rf"([{_K}ぁ-んA-Za-z]{{1,12}}?)にハマって", lambda m: fact("hobbies", "into", m.group(1), 0.8), OTHERS),
    cjk.named(RELATIVES, rf"(?:私の|僕の|うちの)?(?P<who>{_WHO})(?:の名前)?は(?P<name>[{_K}ぁ-ん]{{1,8}}?)"
                         r"(?:です|といいます|って)", re.compile(_JOB)),
    cjk.named(RELATIVES, rf"(?P<name>[{_K}ぁ-ん]{{1,8}}?)という(?P<who>{_WHO})"),
    cjk.named(RELATIVES, rf"(?P<who>{_WHO})を飼って(?:いて|います|る)、?名前は(?P<name>[{_K}ぁ-ん]{{1,8}}?){_END}"),
    cjk.rule(r"結婚して(?:いて|います|ます|いる|る)|既婚",
             lambda m: fact("relationships", "marital_status", "既婚", 0.85), OTHERS),
    cjk.rule(r"独身(?:です|だ|で)", lambda m: fact("relationships", "marital_status", "独身", 0.85), OTHERS),
    cjk.simple("relationships", "children", r"子(?:供|ども)が((?:\d+|一|二|三|四)人)", OTHERS, 0.8),
    cjk.simple("goals", "dream", rf"夢は([{_K}ぁ-んA-Za-z0-9]{{2,30}}?)(?:こと)?(?:です|だ)", confidence=0.8),
    cjk.simple("goals", "dream", rf"(?:^|、|いつか)([{_K}ぁ-んA-Za-z0-9]{{2,30}}?)(?:の|こと)が夢", confidence=0.8),
)
