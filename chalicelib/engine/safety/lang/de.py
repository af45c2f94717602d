"""German rules of the safety check (see `chalicelib.engine.safety.rules` for what each tuple means)."""

# ruff: noqa: E501  (patterns are data: they read better unbroken)

from __future__ import annotations

# Folded: umlauts lose their dots ("möchte" reads "mochte"); ß stays, so patterns also accept "ss".
_ICH_WILL = r"(?:ich (?:will|mochte|mocht|wurde am liebsten|wurde gern|wurde gerne|muss|werde|werd|plane|habe vor|hab vor|denke daran|denk daran|uberlege|spiele mit dem gedanken)|ich wills?|will ich|mochte ich|werde ich)"

STEMS = (
    "sterb", "tot", "umbring", "umzubring", "toten", "leben", "selbstmord", "suizid", "lebensmud", "sinn",
    "besser dran", "ohne mich", "vermiss", "last", "nicht mehr da", "aufwach", "verschwind", "abschied", "brucke",
    "zug", "springen", "tabletten", "pillen", "uberdosis", "ritz", "schneid", "geschnitten", "verletz", "weh",
    "svv", "verbrenn", "blut", "beenden", "ende", "schluss", "wie viel", "wieviel", "art zu", "methode", "geregelt",
    "werfen", "existieren", "da sein", "geboren", "tod", "glucklicher", "erleichtert", "gestorben", "medikamente",
    "verbrannt", "kratz", "mich um", "todlich", "hier sein", "bring", "lebe", "schlag", "einschlafen", "da ware",
    "gabe", "gaebe", "geben wurde", "sturzen", "umbringen", "erhangen", "vergiften", "dach", "balkon", "hochhaus",
    "erleichterung", "besser", "leichter", "sterbe", "vorbereitet", "geordnet", "erledigt", "weg bin", "selbst",
    "absichtlich", "aufhangen", "aufzuhangen", "zigaretten", "kippen", "feuerzeug", "klinge", "messer", "blutig",
    "wund",
)
HUMAN_STEMS = ("mensch", "bot", "roboter", "ki", "maschine", "programm", "echt", "real", "person", "jemand", "kunstlich", "computer", "ist")

SUICIDAL = (
    rf"\b{_ICH_WILL}\b[^.!?]{{0,20}}\b(?:sterben|tot sein|nicht mehr leben|nicht mehr aufwachen|mich umbringen|mich toten|mir das leben nehmen|mein leben beenden|alles beenden|es beenden|meinem leben ein ende (?:setzen|machen)|schluss machen mit (?:allem|meinem leben|dem leben)|fur immer verschwinden|einfach verschwinden|nicht mehr da sein|nicht mehr existieren|selbstmord begehen|suizid begehen|mich vor (?:einen|den) zug werfen|von (?:einer|der) brucke springen)\b",
    r"\bich (?:bring|bringe) mich (?:jetzt |heute |bald |noch )?um\b",
    r"\bich (?:werde|will|mochte|muss|werd)\b[^.!?]{0,20}\bmich\b[^.!?]{0,15}\b(?:umbringen|toten|erhangen|vergiften)\b",
    r"\b(?:ich|will|mochte|denke|uberlege|werde)\b[^.!?]{0,40}\b(?:von|vom) (?:der|einer|dem|einem) (?:brucke|hochhaus|dach|balkon)\b[^.!?]{0,10}\b(?:zu )?(?:springen|sturzen)\b",
    r"\b(?:mich|mir) (?:umzubringen|das leben zu nehmen|selbst zu toten|zu toten)\b",
    r"\bich (?:will|mochte|kann) nicht mehr (?:leben|weiterleben|existieren|aufwachen|da sein|hier sein)\b",
    r"\bich (?:wunschte|wunsche mir|wurde mir wunschen),? (?:ich ware|ich war|dass ich|ich wurde)\b[^.!?]{0,20}\b(?:tot|nie geboren|nicht mehr da|nicht mehr aufwachen|einschlafen und nicht)\b",
    r"\bich ware (?:lieber|besser) tot\b",
    r"\b(?:einschlafen|schlafen) und (?:nie|nicht) mehr aufwachen\b",
    r"\b(?:einfacher|besser|leichter)\b[^.!?]{0,25}\bwenn ich (?:\w+ )?(?:nicht mehr (?:aufwache|aufwachen wurde|da ware|lebe|leben wurde|existieren wurde)|tot ware|sterben wurde|verschwinden wurde|nie geboren)",
    r"\bich sehe keinen sinn mehr\b",
    r"\bmich (?:aufhangen|aufzuhangen|erhangen|zu erhangen)\b",
    r"\b(?:erleichterung|besser|leichter|glucklicher)\b[^.!?]{0,30}\bwenn ich (?:sterben wurde|sterbe|tot ware|weg ware|nicht mehr da ware|verschwinden wurde)\b",
    r"\b(?:alles|schon alles) (?:vorbereitet|geregelt|geordnet|erledigt)\b[^.!?]{0,40}\bwenn ich (?:weg|tot|nicht mehr da) bin\b",
    r"\bwenn es mich nicht (?:mehr )?(?:gabe|gaebe|geben wurde)\b",
    r"\b(?:mein|das) leben (?:hat|macht) (?:keinen|gar keinen) sinn(?: mehr)?\b",
    r"\b(?:kein|keinen) (?:sinn|grund) (?:mehr )?(?:zu leben|weiterzuleben|im leben|am leben zu bleiben)\b",
    r"\b(?:das|mein) leben ist (?:nicht|nichts) mehr lebenswert\b",
    r"\bich (?:bin|fuhle mich|war|werde) (?:so |total |echt |wirklich )?(?:lebensmude|suizidal|selbstmordgefahrdet)\b",
    r"\b(?:ich habe|ich hab|ich hatte|mich plagen|mich qualen|ich kampfe mit) (?:oft |immer wieder |wieder |standig )?(?:suizidgedanken|selbstmordgedanken|todesgedanken|todeswunsche)\b",
    r"\bich (?:denke|dachte|denk) (?:oft |standig |immer wieder |viel |ernsthaft )?(?:an|uber) (?:selbstmord|suizid|den tod|das sterben|mich umzubringen)\b",
    r"\b(?:alle|jeder|sie|ihr|meine familie|es) (?:waren|ware|sind|hatten es) ohne mich (?:besser dran|glucklicher|erleichtert|leichter)\b",
    r"\b(?:alle|jeder|sie|ihr|meine familie|es) (?:waren|ware|sind|hatten es) (?:besser dran|glucklicher|erleichtert)\b[^.!?]{0,15}\b(?:ohne mich|wenn ich (?:weg|tot|nicht mehr da) ware)",
    r"\bohne mich (?:waren|ware|hatten|hatte) (?:alle|es|ihr|sie|jeder)\b[^.!?]{0,15}\b(?:besser|leichter|glucklicher)\b",
    r"\b(?:niemand|keiner) (?:wurde|wird) mich (?:vermissen|vermisst)\b",
    r"\bich (?:bin|ware) (?:nur |doch nur )?(?:eine|allen eine) (?:last|belastung) (?:fur|) ?(?:alle|jeden|meine familie|euch|dich)?\b",
    r"\bich falle (?:allen|jedem|meiner familie) zur last\b",
    r"\b(?:wenn|sobald|nachdem) ich (?:nicht mehr lebe|tot bin|nicht mehr da bin|nicht mehr am leben bin|gestorben bin)\b",
    r"\b(?:abschiedsbrief|abschiedsbriefe|abschiedsnachricht)\b",
    r"\bich (?:habe|hab) (?:schon |bereits )?(?:einen plan|den tag|das datum|den zeitpunkt|entschieden|beschlossen|festgelegt)\b[^.!?]{0,25}\b(?:sterben|umbringen|umzubringen|leben zu nehmen|tot|beenden|schluss)\b",
    r"\b(?:alle|all meine|alle meine|die ganzen|eine packung) (?:tabletten|pillen|medikamente|schlaftabletten)\b[^.!?]{0,20}\b(?:nehmen|schlucken|einnehmen|genommen|geschluckt)\b",
    r"\b(?:eine )?uberdosis (?:nehmen|genommen)\b",
    r"\bich (?:habe|hab|hatte) (?:schon |einmal |mal |bereits )?(?:versucht,? mich umzubringen|versucht,? mir das leben zu nehmen|einen suizidversuch|einen selbstmordversuch)\b",
    rf"\b{_ICH_WILL}\b[^.!?]{{0,15}}\b(?:springen|mich (?:vor|unter) (?:einen|den) (?:zug|bus|lkw|auto) werfen)\b",
)

ALWAYS = (
    r"\bwie ?viele? (?:tabletten|pillen|mg|gramm|schlaftabletten)\b[^.!?]{0,40}\b(?:um zu sterben|todlich|zum sterben|damit ich nicht mehr aufwache|fur eine uberdosis)\b",
    r"\b(?:einfachste|schnellste|schmerzloseste|sicherste|beste) (?:art|weg|methode|moglichkeit),? (?:zu sterben|mich umzubringen|sich umzubringen|suizid zu begehen|selbstmord zu begehen)\b",
)

SELF_HARM = (
    r"\b(?:ich )?(?:ritze|ritz|ritzte) (?:mich|mir)\b",
    r"\bmich (?:(?:wieder|erneut|selbst|nochmal|absichtlich|schon|heute|gestern) )*(?:ritzen|geritzt|zu ritzen|verletzen|verletzt|selbst verletzen|zu verletzen|verbrennen|verbrannt|schneiden)\b",
    r"\bich (?:verletze|schneide|verbrenne|schlage|kratze) mich (?:selbst|absichtlich|wieder|ständig|standig|jeden|oft|bis)\b",
    r"\bmich\b[^.!?]{0,25}\b(?:geritzt|aufgeritzt)\b",
    r"\bich (?:verletze|ritze|schneide|verbrenne) mich\b[^.!?]{0,20}\b(?:selbst|absichtlich)\b",
    r"\bich (?:verbrenne|verletze|schneide) mich mit (?:zigaretten|kippen|dem feuerzeug|einem feuerzeug|einer klinge|rasierklingen|dem messer)\b",
    r"\bmich (?:blutig|wund) (?:gekratzt|geschnitten|gerieben)\b",
    r"\b(?:selbstverletzung|selbstverletzend|selbst verletzend|svv)\b",
    r"\bich (?:tue|tu) mir (?:selbst |absichtlich |wieder )?weh\b",
    r"\b(?:mir|meine) (?:die )?(?:arme|handgelenke|beine|oberschenkel|haut|pulsadern)\b[^.!?]{0,20}\b(?:aufgeschnitten|aufschneiden|aufgeritzt|geritzt|geschnitten|verbrannt)\b",
    r"\bbis (?:es )?(?:blutet|ich blute)\b",
)

NOT_MEANT = (
    r"\b(?:ich )?(?:sterbe|sterb|sterben|gestorben|fast gestorben|konnte sterben) (?:fast )?(?:vor|aus) (?:hunger|lachen|langeweile|durst|hitze|kalte|angst|scham|neugier|sehnsucht|peinlichkeit|mudigkeit)\b",
    r"\b(?:lach|lache|lachen|lachte|gelacht) (?:mich|uns|mir)? ?(?:tot|kaputt)\b",
    r"\b(?:totlachen|totgelacht|zum totlachen|totarbeiten|totgearbeitet|zu tode (?:gelangweilt|erschrocken|langweilen))\b",
    r"\bzum sterben (?:schon|langweilig|mude|gern)\b",
    r"\bich (?:will|mochte|werde|wurde|habe vor|hab vor|denke)? ?(?:nicht|nie|niemals|keinesfalls|auf keinen fall) (?:sterben|mich umbringen|mich ritzen|mich verletzen|mir weh tun|mir wehtun|schluss machen|etwas antun)\w*",
    r"\bich wurde mir (?:nie|niemals) (?:etwas|was) antun\b",
    r"\bmich (?:beim (?:kochen|rasieren|schneiden|basteln|gemuse)|am (?:papier|messer|glas)|mit dem (?:messer|papier)|aus versehen|versehentlich)\b[^.!?]{0,10}\b(?:geschnitten|verbrannt|verletzt)\b",
    r"\b(?:mir|mich) (?:die haare|den finger|in den finger)\b[^.!?]{0,10}\b(?:geschnitten|schneiden)\b",
    r"\bmich (?:beim (?:sport|fussball|training|joggen)|am knie|am fuss)\b[^.!?]{0,10}\bverletzt\b",
    r"\bschluss machen mit (?:ihm|ihr|meinem freund|meiner freundin|dir)\b",
    r"\b(?:er|sie|man|jemand|mein chef|mein vater|meine mutter) (?:droht|drohte|will|wollte|versucht|versuchte)\b[^.!?]{0,10}\bmich (?:umzubringen|umbringen|zu toten|toten)\b",
)

FRAMES = (
    r"\b(?:im|in dem|in diesem|beim) (?:spiel|videospiel|game|level|match|raid|zocken)\b",
    r"\b(?:mein|meine|sein|seine|ihr|ihre|der|die) (?:charakter|figur|spielfigur|avatar|held|heldin|bosewicht|protagonist|protagonistin)\b",
    r"\b(?:endboss|respawn|game over|gezockt|zocken)\b",
    r"\b(?:im|in dem|in der|aus dem|aus der) (?:film|buch|roman|serie|geschichte|lied|song|kapitel|folge|anime|manga|gedicht|theaterstuck)\b",
    r"\bich (?:schreibe|lese|schaue) (?:eine|einen|ein|gerade eine|gerade einen) (?:geschichte|roman|buch|drehbuch|serie|film)\b",
    r"\b(?:in den nachrichten|laut (?:den )?(?:nachrichten|bericht|zeitung|polizei|medien)|die zeitung|zeitungsartikel|ein artikel|berichtet|berichteten|statistik|dokumentation|doku)\b",
    r"\b(?:darf man|kann ich|kann man|ist es (?:gefahrlich|sicher|schlimm)|wie ?viele?|hochstdosis|dosis|soll ich)\b[^.!?]{0,40}\b(?:paracetamol|ibuprofen|aspirin|antibiotika|medikamente?n?|mg|dosis|nebenwirkungen|rezept|tabletten)\b",
)

HUMAN = (
    r"\b(?:bist du|sind sie|bist du eigentlich|bist du wirklich) (?:ein |eine |echt |wirklich |eigentlich )*(?:mensch|bot|roboter|ki|maschine|programm|echt|real|echte person|echter mensch|kunstliche intelligenz|computer|chatbot|person)\b",
    r"\b(?:schreibe|chatte|rede|spreche|schreib|red) ich (?:hier |gerade |eigentlich )?mit (?:einem |einer )?(?:menschen|mensch|ki|bot|roboter|echten person|maschine|programm|computer|kunstlichen intelligenz)\b",
    r"\bist (?:das|dies|hier|das hier) (?:ein |eine )?(?:ki|bot|roboter|mensch|maschine|programm|echter mensch|chatbot)\b",
    r"\b(?:ki|bot|roboter|maschine|programm|computer) oder (?:ein |eine )?(?:mensch|echter mensch|person|echte person)\b",
    r"\b(?:mensch|person|echt) oder (?:eine |ein )?(?:maschine|ki|bot|roboter|programm|computer)\b",
    r"\b(?:sitzt|steckt|antwortet|schreibt) (?:da |hier )?(?:ein mensch|jemand|eine person|ein echter mensch)\b",
)

SEXUAL = (
    r"\b(?:sex|sexuell|sexy|porno|pornos|nackt|nacktbilder|nacktbild|nacktfoto|nacktfotos|nudes|erotisch\w*|erotik|versaut|versautes|dirty talk|erregt|erregen|vogeln|ficken|bumsen|nsfw|anzuglich|anzugliches)\b",
    r"\b(?:heisse|heiße|scharfe|schlupfrige|pikante|schmutzige|versaute) (?:geschichte|geschichten|fotos|bilder|sachen|dinge|nachrichten|chat)\b",
    r"\b(?:mach|machst) mich (?:an|geil|heiss|heiß)\b",
    r"\b(?:was|etwas) (?:heisses|heißes|scharfes|schmutziges|erotisches|anzugliches|pikantes)\b",
    r"\b(?:mit mir schlafen|mich anfassen|mich beruhren)\b",
)
