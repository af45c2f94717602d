"""Korean sentiment stems, intensifiers and negations, matched as the longest entry at each character."""

from __future__ import annotations

import re

from chalicelib.engine.sentiment.scoring import build

LEXICON = build(
    """
3.2 사랑해 사랑해요 사랑합니다 너무좋아
3 최고 행복 완벽 훌륭 대박 감동 축하 끝내주
2.5 좋아 사랑 기쁘 기뻐 기쁜 멋지 멋져 멋있 멋진 신나 신난 신났 설레 즐거 즐겁 마음에_들 고마워 고맙 반가 반갑
2.3 감사 재미있 재밌 재미났 뿌듯 든든
2.3 자랑스럽 자랑스러
2 좋 귀엽 귀여 예쁘 예뻐 예쁜 이쁘 이뻐 맛있 다행 따뜻 착하 착한 친절 웃겨 웃기 웃음 편안 ㅋㅋ ㅎㅎ 짱 굿
1.5 괜찮 편하 편해 기대 희망 안심 응원 화이팅 파이팅 ㅋ ㅎ
0 좋은_아침 안녕 좋아하는 뭐_좋아 괜찮아요?
-0.5 미안 죄송
-1.5 걱정 별로 피곤 지루 눈물 아쉽 아쉬워 심심 창피 부끄 긴장 문제 불편 ㅠ ㅜ
-1.5 못_하겠
-1.8 귀찮 서운 지쳤 지쳐 지친 외롭 외로 무서 무섭 아파 아프 아픈 울고 울었 울어 ㅠㅠ ㅜㅜ
-2 힘들 힘드 힘든 재미없 재미_없 답답 불안 속상 스트레스 지겹 지겨 엉망 슬퍼 후회 실패 못생
-2.5 싫 싫어 슬프 슬픈 우울 짜증 화나 화났 화가 미워 밉 나쁘 나빠 나쁜 실망 괴로 망했 열받 빡치 괴롭
-2.5 한심
-3 최악 끔찍 절망 죽고_싶 증오 혐오 역겨 개같
""",
    intensifiers="너무 정말 진짜 아주 매우 엄청 완전 되게 넘 참 무척 굉장히 제일 가장 "
                 "정말로 진심 진심으로 많이 엄청나게",
    dampeners="조금 좀 약간 살짝",
    contrast="하지만 그런데 근데 그러나 지만",
    spaced=False,
    # 안/못 before the word (안 좋아), or -지 않/못/마 after it (좋지 않아, 좋아하지 않아).
    before=re.compile(r"(?:^|[^가-힣])(?:안|못)\s?$"),
    after=re.compile(r"[가-힣]{0,3}?지(?:는|도|가)?\s?(?:않|못|마)"),
)
