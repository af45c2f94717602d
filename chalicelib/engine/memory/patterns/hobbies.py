"""Pastimes named in each language, keyed by their English snake_case name: a liked pastime is a hobby."""

from __future__ import annotations

_BY_KEY = {
    "photography": "fotografía fotografia photographie fotografie fotografieren 摄影 拍照 写真 사진 фотография "
                   "фотографировать",
    "music": "música musica musique musik музыка 音乐 音楽 음악",
    "reading": "leer lectura lire lecture lesen leggere lettura ler leitura читать чтение 看书 读书 阅读 読書 독서",
    "cooking": "cocinar cocina cuisiner cuisine kochen cucinare cucina cozinhar culinária готовить кулинария "
               "做饭 烹饪 料理 요리",
    "painting": "pintar pintura peindre peinture malen pittura dipingere рисовать живопись 画画 绘画 絵 그림",
    "drawing": "dibujar dibujo dessin dessiner zeichnen disegnare disegno desenhar desenho 素描",
    "dancing": "bailar baile danser danse tanzen ballare ballo danza dançar dança танцевать танцы 跳舞 ダンス 춤",
    "singing": "cantar canto chanter chant singen cantare петь пение 唱歌 カラオケ 노래",
    "swimming": "nadar natación nager natation schwimmen nuotare nuoto natação плавать плавание 游泳 水泳 수영",
    "running": "correr running courir laufen joggen jogging correre corsa corrida бегать бег 跑步 ランニング 달리기",
    "cycling": "ciclismo bicicleta vélo cyclisme radfahren radeln bici велосипед 骑车 自転車 サイクリング 자전거",
    "hiking": "senderismo randonnée wandern escursionismo trekking trilha походы 徒步 爬山 登山 ハイキング 등산",
    "fishing": "pescar pesca pêche angeln pescare рыбалка 钓鱼 釣り 낚시",
    "gardening": "jardinería jardinage gärtnern giardinaggio jardinagem садоводство 园艺 ガーデニング 원예",
    "travel": "viajar viajes voyager voyages reisen viaggiare viaggi viagens путешествовать путешествия 旅游 "
              "旅行 여행",
    "yoga": "yoga йога 瑜伽 ヨガ 요가",
    "chess": "ajedrez échecs schach scacchi xadrez шахматы 象棋 国际象棋 チェス 체스",
    "football": "fútbol futbol football fußball fussball calcio futebol футбол 足球 サッカー 축구",
    "basketball": "baloncesto básquet basket basketball basquete баскетбол 篮球 バスケ バスケットボール 농구",
    "tennis": "tenis tennis tênis теннис 网球 テニス 테니스",
    "guitar": "guitarra guitare gitarre chitarra violão гитара 吉他 ギター 기타",
    "piano": "piano klavier fortepiano фортепиано пианино 钢琴 ピアノ 피아노",
    "video_games": "videojuegos jeux_vidéo videospiele videogiochi videogames videogame видеоигры 游戏 "
                   "打游戏 ゲーム 게임",
    "movies": "cine películas cinéma films filme kino film cinema filmes кино фильмы 电影 映画 영화",
    "knitting": "tejer punto tricot tricoter stricken lavorare_a_maglia tricô вязание 织毛衣 編み物 뜨개질",
    "writing": "escribir écrire schreiben scrivere escrever писать 写作 執筆 글쓰기",
    "climbing": "escalada escalade klettern arrampicata скалолазание 攀岩 ボルダリング クライミング 클라이밍",
    "skiing": "esquí esquiar ski skifahren sci лыжи 滑雪 スキー 스키",
    "surfing": "surf surfear surfen surfare серфинг 冲浪 サーフィン 서핑",
    "gym": "gimnasio gym fitness musculation palestra academia спортзал 健身 ジム 헬스",
}
HOBBIES: dict[str, str] = {word.replace("_", " "): key for key, words in _BY_KEY.items() for word in words.split()}

# Kinds of favourite things: "my favourite fruit is..." keys the fact favorite_fruit.
_KINDS = {
    "food": "comida plato plat nourriture essen gericht cibo piatto comida prato еда блюдо 食物 菜 食べ物 料理 음식",
    "fruit": "fruta fruit frucht obst frutto fruta фрукт 水果 果物 フルーツ 과일",
    "color": "color couleur farbe colore cor цвет 颜色 色 색 색깔",
    "movie": "película film pelicula filme фильм 电影 映画 영화",
    "book": "libro livre buch livro книга 书 本 책",
    "song": "canción chanson lied canzone canção песня 歌 노래",
    "singer": "cantante chanteur chanteuse sänger sängerin cantor cantora певец певица 歌手 가수",
    "sport": "deporte sport sportart esporte спорт 运动 スポーツ 운동",
    "animal": "animal tier animale животное 动物 動物 동물",
    "drink": "bebida boisson getränk bevanda напиток 饮料 飲み物 음료",
    "season": "estación saison jahreszeit stagione estação время_года 季节 季節 계절",
}
KINDS: dict[str, str] = {word.replace("_", " "): key for key, words in _KINDS.items() for word in words.split()}
