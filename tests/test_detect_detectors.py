"""Each detector on real Hebrew/English pairs: what it must flag and what it must leave alone."""

from __future__ import annotations

import pytest

from translate_check.detect import DetectSettings, PairInput, detectors
from translate_check.model import Bridge, Flag
from translate_check.score import Scorer

SCORER = Scorer()


def run(name: str, src: str, tgt: str, *bridges: str) -> list[Flag]:
    named = tuple(Bridge(f"mt{k}", text) for k, text in enumerate(bridges))
    given = PairInput.of(src, tgt, named, SCORER.sentence(tgt, bridges[0] if bridges else ""))
    return detectors(DetectSettings())[name].detect(given)


def spans(tgt: str, flags: list[Flag]) -> list[str]:
    return [tgt[a:b] for f in flags for a, b in f.tgt_spans]


# --- addition ------------------------------------------------------------------------------

DEPORT_HE = "אחת ההערכות הן שהמודיעין הרוסי ביקש לגייס את ליידרמן לשורותיו ולהפוך אותו לסוכן כפול."
DEPORT_MT = (
    "One of the assessments is that Russian intelligence sought to recruit Leiderman into its "
    "ranks and to turn him into a double agent."
)


def test_addition_flags_a_clause_the_source_lacks() -> None:
    tgt = (
        "One assumption is that Russian intelligence tried to recruit Leiderman into their ranks "
        "as a double agent, and when he refused he was deported."
    )
    found = spans(tgt, run("addition", DEPORT_HE, tgt, DEPORT_MT))
    assert found == ["and when he refused he was deported"]


def test_addition_flags_a_clause_tacked_on_where_the_bridge_has_a_word_of_its_own() -> None:
    """The bridge ends with a word the English lacks (*nearby*): so little opposite does not
    make the added clause a rewording."""
    mt = "While tsunami shelters were built in Aceh, they are rare on other coastlines nearby."
    tgt = (
        "While tsunami shelters have been built in Aceh, they are rare on other coastlines – "
        "but just how many minutes he'll play has yet to be determined."
    )
    found = spans(tgt, run("addition", "", tgt, mt))
    assert len(found) == 1 and "minutes he'll play" in found[0]


def test_addition_judges_a_clause_tacked_on_after_a_reworded_one_on_its_own() -> None:
    """The bridge's *rare … coastal areas* stands for the reworded clause before the dash
    (it shares *other* with it), so none of it is opposite the added clause."""
    mt = "While tsunami shelters were built in Aceh County, they are rare in other coastal areas."
    tgt = (
        "While tsunami shelters have been built in Aceh, they are not a common sight on other "
        "coastlines – but just how many minutes he'll play has yet to be determined."
    )
    found = spans(tgt, run("addition", "", tgt, mt))
    assert found == ["but just how many minutes he'll play has yet to be determined"]


def test_addition_leaves_a_free_rendering_alone() -> None:
    tgt = (
        "According to one assessment, Russian intelligence wanted to recruit Leiderman and make "
        "him a double agent."
    )
    assert run("addition", DEPORT_HE, tgt, DEPORT_MT) == []


def test_addition_flags_an_english_sentence_without_hebrew() -> None:
    flags = run("addition", "", "He was deported the next day.")
    assert flags[0].severity == "major" and flags[0].tgt_spans == ((0, 29),)


def test_addition_needs_every_bridge_to_lack_the_words() -> None:
    tgt = DEPORT_MT.rstrip(".") + ", and when he refused he was deported."
    other = DEPORT_MT.rstrip(".") + "; when he refused, he was deported."
    assert run("addition", DEPORT_HE, tgt, DEPORT_MT)
    assert run("addition", DEPORT_HE, tgt, DEPORT_MT, other) == []


# --- omission ------------------------------------------------------------------------------

TIMING_HE = (
    "הגירוש יוצא לפועל זמן לא רב לאחר שנתניהו שב מביקור רשמי במוסקבה ועל רקע העמקת היחסים "
    "בין שתי המדינות בכל התחומים."
)
TIMING_MT = (
    "The deportation is carried out not long after Netanyahu returned from an official visit "
    "to Moscow and against the background of the deepening of relations between the two "
    "countries in all fields."
)


def test_omission_flags_a_dropped_clause_in_the_bridge() -> None:
    tgt = "The deportation occurred shortly after Netanyahu returned from an official visit."
    flags = run("omission", TIMING_HE, tgt, TIMING_MT)
    assert flags and flags[0].mt_spans
    start, end = flags[0].mt_spans[0]
    assert "deepening of relations" in TIMING_MT[start:end]


def test_omission_judges_a_clause_dropped_after_a_reworded_one_on_its_own() -> None:
    mt = (
        "Thousands of tourists were left stranded and hungry, and the government rebuilt the areas."
    )
    tgt = "Thousands of tourists were abandoned with no food or water."
    flags = run("omission", "", tgt, mt)
    assert [mt[a:b] for f in flags for a, b in f.mt_spans] == [
        "and the government rebuilt the areas"
    ]
    tgt = "Thousands of tourists were abandoned with no food or water, and the areas were rebuilt."
    assert run("omission", "", tgt, mt) == []


def test_omission_leaves_a_complete_rendering_alone() -> None:
    tgt = (
        "The deportation occurred shortly after Netanyahu returned from an official visit to "
        "Moscow, amid deepening relations between the two countries in every field."
    )
    assert run("omission", TIMING_HE, tgt, TIMING_MT) == []


def test_omission_counts_words_that_spell_out_an_english_acronym_as_covered() -> None:
    mt = (
        "Lee said policy changes could help the U.S. strengthen its efforts in the field of "
        "artificial intelligence."
    )
    tgt = "Lee said policy changes could help the U.S. bolster its AI efforts."
    assert run("omission", "", tgt, mt) == []
    assert run("omission", "", "Lee said policy changes could help the U.S.", mt)


def test_omission_flags_an_untranslated_hebrew_sentence() -> None:
    flags = run("omission", TIMING_HE, "", TIMING_MT)
    assert flags[0].severity == "major" and flags[0].mt_spans == ((0, len(TIMING_MT)),)


# --- intensity -----------------------------------------------------------------------------

LEVER_HE = "כדי לעשות כן, הפעילו הרוסים, ככל הנראה, מנוף לחץ כלשהו על ליידרמן."
LEVER_MT = "To do so, the Russians apparently applied some kind of pressure lever on Leiderman."


def test_intensity_flags_a_quantity_shift_with_both_phrases() -> None:
    tgt = "To do this the Russians apparently brought great pressure to bear on Leiderman."
    flags = run("intensity", LEVER_HE, tgt, LEVER_MT)
    assert spans(tgt, flags) == ["great"] and flags[0].severity == "major"
    assert "“some kind of” pressure lever" in flags[0].message
    assert "“great” pressure" in flags[0].message


def test_intensity_flags_a_dropped_hedge_from_the_hebrew_too() -> None:
    tgt = "To do this the Russians brought some pressure to bear on Leiderman."
    messages = [f.message for f in run("intensity", LEVER_HE, tgt, LEVER_MT)]
    assert any("hedge dropped" in m and "“apparently”" in m for m in messages)
    mt = "To do so, the Russians probably applied some kind of pressure lever on Leiderman."
    flags = [f for f in run("intensity", LEVER_HE, tgt, mt) if "hedge" in f.message]
    assert flags and "הנראה" in flags[0].message and flags[0].tgt_spans
    assert not [f for f in run("intensity", LEVER_HE, mt, mt) if "hedge" in f.message]


def test_intensity_flags_an_added_hedge_and_a_modal_shift() -> None:
    src = "שתי המדינות יחתמו על ההסכם."
    tgt = "The two countries will reportedly sign the agreement."
    assert spans(tgt, run("intensity", src, tgt, "The two countries will sign the agreement."))
    tgt = "The two countries will sign the agreement."
    assert spans(tgt, run("intensity", src, tgt, "The two countries may sign the agreement.")) == [
        "will"
    ]


def test_intensity_flags_a_hedge_added_beside_a_shared_modal() -> None:
    src = "שתי המדינות עשויות לחתום על ההסכם."
    mt = "The two countries may sign the agreement."
    tgt = "The two countries may allegedly sign the agreement."
    assert spans(tgt, run("intensity", src, tgt, mt)) == ["allegedly"]
    assert run("intensity", src, mt, mt) == []
    src = "לונה הייתה מוזרה כמוני, אולי אפילו יותר."
    mt = "Luna was a freak like me, maybe even more."
    tgt = "Luna was apparently as freaky as me, maybe even more."
    assert spans(tgt, run("intensity", src, tgt, mt)) == ["apparently"]
    tgt = "Luna was apparently as freaky as me, even more."
    assert run("intensity", src, tgt, "Luna was a freak like me, even more.") == []


def test_intensity_flags_a_frequency_shift() -> None:
    src = "עובדים צריכים לעתים קרובות לקבל את אישור הממונים עליהם."
    mt = "Workers often need to get their superiors' approval."
    tgt = "Workers rarely need to get their superiors' approval."
    flags = run("intensity", src, tgt, mt)
    assert spans(tgt, flags) == ["rarely"] and "frequent → rare" in flags[0].message
    assert run("intensity", src, "Workers frequently need their superiors' approval.", mt) == []


def test_intensity_accepts_synonyms_on_the_same_step() -> None:
    tgt = "To do this the Russians apparently used a kind of pressure lever on Leiderman."
    assert run("intensity", LEVER_HE, tgt, LEVER_MT) == []
    src = "בשורה של היבטים"
    assert run("intensity", src, "on several aspects", "on a number of aspects") == []


def test_intensity_reads_a_phrase_by_its_own_strength() -> None:
    mt = "Mickelson, who struggled for almost the entire tournament, hit into the water."
    tgt = "Mickelson, who struggled for some of the tournament, hit into the water."
    assert spans(tgt, run("intensity", "", tgt, mt)) == ["some"]


# --- negation ------------------------------------------------------------------------------

CLEAR_HE = "הרקע האמיתי לגירוש לא ברור."
CLEAR_MT = "The real background to the deportation is not clear."


def test_negation_flags_a_dropped_negation() -> None:
    tgt = "The real background to the deportation is clear."
    flags = run("negation", CLEAR_HE, tgt, CLEAR_MT)
    assert flags and flags[0].severity == "major"
    assert CLEAR_MT[slice(*flags[0].mt_spans[0])] == "not"


def test_negation_flags_an_added_negation() -> None:
    mt = "The two countries are about to sign a confidentiality agreement."
    tgt = "The two countries are not about to sign a confidentiality agreement."
    assert spans(tgt, run("negation", "", tgt, mt)) == ["not"]


def test_negation_accepts_prefixes_and_rewordings() -> None:
    assert (
        run("negation", CLEAR_HE, "The true background to the deportation is unclear.", CLEAR_MT)
        == []
    )
    assert run("negation", TIMING_HE, "It happened shortly after his visit.", TIMING_MT) == []
    src = "לא ניתן היה להיכנס לכיכר."
    mt = "It was impossible to enter the square."
    assert run("negation", src, "It was not possible to enter the square.", mt) == []


def test_negation_paraphrases_count_only_near_the_negated_word() -> None:
    src = "אפשר לבקר בעיר העתיקה במשך כמה ימים מלאים ולחזור לישון על הספינה בלי לשלם."
    mt = "You can visit the old city for a few full days and sleep on the ship without paying."
    tgt = "You cannot visit the old city for a few full days and sleep on the ship without paying."
    assert spans(tgt, run("negation", src, tgt, mt)) == ["cannot"]


def test_negation_ignores_idioms_and_prefixes_that_negate_nothing() -> None:
    src = "האם טראמפ יפטר את סגן התובע הכללי הזין את הרכילות בוושינגטון."
    mt = "The question of whether Trump will fire the deputy attorney general fueled gossip."
    tgt = "Whether or not Trump will fire the deputy attorney general has fuelled gossip."
    assert run("negation", src, tgt, mt) == []
    src = "המדיניות אפשרה למהגרים לבקש מקלט."
    tgt = "The policy allowed immigrants to apply for asylum."
    assert run("negation", src, tgt, "The policy allowed migrants to apply for asylum.") == []
    src = "הגשר נפתח לתנועה רק במרץ 2017."
    mt = "The bridge was only opened to traffic in March 2017."
    assert run("negation", src, "The bridge didn't open to traffic until March 2017.", mt) == []
    tgt = "The bridge was not opened to traffic in March 2017."
    assert spans(tgt, run("negation", src, tgt, mt)) == ["not"]


@pytest.mark.parametrize(
    ("detector", "mt", "tgt"),
    [
        pytest.param(
            "intensity",
            "Not much is known about the reasons behind the recall.",
            "Little was known about the reasons behind the return.",
            id="not much is little",
        ),
        pytest.param(
            "intensity",
            "Mickelson, who struggled for almost the entire tournament, hit into the water.",
            "Mickelson, who struggled most of the tournament, hit into the water.",
            id="almost the entire is most",
        ),
        pytest.param(
            "negation",
            "Some of them were not impressed after staying up until the early hours.",
            "Some were unimpressed after they stayed up late.",
            id="a prefix against its bare word",
        ),
        pytest.param(
            "negation",
            "Many infections are the result of not using sufficient protective measures.",
            "Many infections are the result of inadequate protective measures.",
            id="a prefix against a synonym of its bare word",
        ),
        pytest.param(
            "negation",
            "He was told that the police were forbidding anyone to enter the building.",
            "He was told by police no one is allowed into the building.",
            id="an inflected paraphrase",
        ),
    ],
)
def test_faithful_rewordings_are_left_alone(detector: str, mt: str, tgt: str) -> None:
    assert run(detector, "", tgt, mt) == []


# --- number --------------------------------------------------------------------------------

TWO_HE = "שתי המדינות עומדות לחתום בקרוב מאוד על הסכם."
TWO_MT = "The two countries are about to sign an agreement very soon."


def test_number_accepts_digits_for_words_and_flags_another_value() -> None:
    assert run("number", TWO_HE, "The 2 countries are about to sign an agreement.", TWO_MT) == []
    tgt = "The 3 countries are about to sign an agreement."
    flags = run("number", TWO_HE, tgt, TWO_MT)
    assert spans(tgt, flags) == ["3"] and "“two”" in flags[0].message


def test_number_trusts_the_hebrew_when_the_mt_garbles_it() -> None:
    assert run("number", TWO_HE, "The 2 countries will sign.", "The countries will sign.") == []


def test_number_flags_units_and_months() -> None:
    mt = "The wall is 5 meters high and was finished in March."
    tgt = "The wall is 5 feet high and was finished in May of that year, in April."
    found = spans(tgt, run("number", "", tgt, mt))
    assert "5 feet" in found and "April" in found


def test_number_checks_dates_against_the_hebrew_too() -> None:
    src = "המשפט נפתח ביום שבת בירושלים."
    mt = "The trial opened in Jerusalem."
    assert run("number", src, "The trial opened on Saturday in Jerusalem.", mt) == []
    tgt = "The trial opened on Friday in Jerusalem."
    assert spans(tgt, run("number", src, tgt, mt)) == ["Friday"]


def test_number_counts_repeated_values_and_first_for_second() -> None:
    src = "השלט משתמש בשני חיישנים כדי למקם את עצמו במרחב תלת-ממדי."
    mt = "The controller uses two sensors to locate itself in three-dimensional space."
    tgt = "The controller uses three sensors to locate itself in three-dimensional space."
    assert spans(tgt, run("number", src, tgt, mt)) == ["three"]
    src = "החרקים היו בעלי החיים הראשונים שעפו."
    mt = "Insects were the first animals to take to the air."
    tgt = "Insects were the second animals to take to the air."
    assert spans(tgt, run("number", src, tgt, mt)) == ["second"]
    assert run("number", src, mt, mt) == []


def test_number_accepts_converted_units_in_a_range() -> None:
    src = "צפויים 50 עד 75 מ״מ גשם בשעה."
    mt = "Rainfall is expected to reach 50 to 75 mm per hour."
    tgt = "Rainfall rates will approach 2 to 3 inches per hour."
    assert run("number", src, tgt, mt) == []
    tgt = "Rainfall rates will approach 2 to 9 inches per hour."
    assert spans(tgt, run("number", src, tgt, mt)) == ["9"]


@pytest.mark.parametrize(
    ("src", "mt", "faithful", "divergent", "flagged"),
    [
        pytest.param(
            "",
            "North Korea has sought a formal end to the 1950-1953 Korean War.",
            "North Korea has sought an end to the 1950-53 Korea War.",
            "North Korea has sought an end to the 1950-56 Korea War.",
            "56",
            id="shortened year range",
        ),
        pytest.param(
            "",
            "The triple world champion said it took him by surprise.",
            "The three-time world champion said it surprised him.",
            "The four-time world champion said it surprised him.",
            "four",
            id="words for how many times",
        ),
        pytest.param(
            "",
            "By the 1800s, the town had grown into a city.",
            "By the 19th century, the town had grown into a city.",
            "By the 18th century, the town had grown into a city.",
            "18",
            id="a century as its years",
        ),
        pytest.param(
            "היא הפנתה את השוטרים למכונית שלה, שעמדה במרחק 150 מטרים.",
            "She directed police officers to her car, which was found 150 yards away.",
            "She directed officers to her car, 500 feet away.",
            "She directed officers to her car, 900 feet away.",
            "900",
            id="a conversion into the Hebrew's unit",
        ),
    ],
)
def test_number_reads_values_written_other_ways(
    src: str, mt: str, faithful: str, divergent: str, flagged: str
) -> None:
    assert run("number", src, faithful, mt) == []
    assert spans(divergent, run("number", src, divergent, mt)) == [flagged]


def test_letters_on_a_numeral_make_no_added_words() -> None:
    mt = "By the 1800s, the town had grown into a city."
    assert run("addition", "", "By the 19th century, the town had grown into a city.", mt) == []


def test_number_trusts_the_hebrew_unit_where_the_mt_garbles_it() -> None:
    src = "הרוח מגיעה ל-70 קמ״ש ואז מגיע הגשם."
    mt = "The wind reaches 70 mph and then the rain comes."
    assert run("number", src, "The wind is reaching 70km/h, then the rain comes.", mt) == []
    assert run("number", "", "The wind is reaching 70km/h, then the rain comes.", mt)


# --- entity --------------------------------------------------------------------------------


def test_entity_flags_an_unsupported_name() -> None:
    src = "רק השבוע נודע כי טיל רוסי ישגר לחלל את הלווין עמוס 4."
    mt = "Just this week it became known that a Russian rocket will launch the Amos 4 satellite."
    tgt = "Just this week we learned that Russia will launch the Israeli satellite Amos 4."
    assert spans(tgt, run("entity", src, tgt, mt)) == ["Israeli"]


def test_entity_accepts_a_name_the_mt_translated_literally() -> None:
    src = "יובל נח הררי כתב ספר על תולדות האנושות."
    mt = "Jubilee Noah Harari wrote a book about the history of humanity."
    tgt = "Yuval Noah Harari wrote a book on the history of humankind."
    assert run("entity", src, tgt, mt) == []


def test_entity_accepts_a_capital_or_people_for_its_country() -> None:
    src = "ארצות הברית אמרה כי צפון קוריאה חייבת לוותר על הנשק הגרעיני שלה."
    mt = "The U.S. said North Korea must give up its nuclear weapons."
    tgt = "The Americans said Pyongyang must give up its nuclear weapons."
    assert run("entity", src, tgt, mt) == []
    tgt = "The Americans said Tokyo must give up its nuclear weapons."
    assert spans(tgt, run("entity", src, tgt, mt)) == ["Tokyo"]
    mt = "We will not rest until we become an independent and proud Britain."
    tgt = "We will never rest until we have become an independent, proud United Kingdom."
    assert run("entity", "", tgt, mt) == []


def test_entity_checks_a_country_inside_a_longer_name_on_its_own() -> None:
    src = "נראה שהעזים בויתו לראשונה לפני כ-10,000 שנה בהרי זגרוס באיראן."
    mt = "Goats were first domesticated about 10,000 years ago in the Zagros Mountains in Iran."
    tgt = "Goats were first domesticated 10,000 years ago in the Zagros Mountains of Japan."
    assert spans(tgt, run("entity", src, tgt, mt)) == ["Japan"]
    src = "באזורים היבשתיים של צפון הודו ופקיסטן משתמשים ביוגורט."
    mt = "In inland regions of Northern India and Pakistan, yogurt is used."
    tgt = "In the continental areas of northern Spain and Pakistan, yogurt is used."
    assert spans(tgt, run("entity", src, tgt, mt)) == ["Spain"]


def test_entity_lets_an_acronym_or_initialism_vouch_for_the_name_it_is_part_of() -> None:
    mt = "Delegates filed a brief on Friday in Washington, according to an NBC report."
    tgt = "Representatives filed a brief Friday in Washington, NBC News reported."
    assert run("entity", "", tgt, mt) == []
    mt = "According to U.S. drought tracking, over 40 percent of Arizona is in a severe drought."
    tgt = "According to the U.S. Drought Monitor, over 40 percent of Arizona is in drought."
    assert run("entity", "", tgt, mt) == []
    mt = "The ninth district, which was flooded during Hurricane Katrina, is under water."
    tgt = "The Ninth Ward, which saw flooding during Hurricane Katrina, is in waist-high water."
    assert run("entity", "", tgt, mt) == []
    mt = "Flake was persuaded by conversations with his friend, Democratic Senator Chris Koons."
    tgt = "Flake was convinced by conversations with his friend, Democratic Sen. Chris Brighton."
    assert spans(tgt, run("entity", "", tgt, mt)) == ["Brighton"]
    mt = "Many would like Queen Elizabeth II to be Australia's last queen."
    tgt = "Many want Sara Danius II to be Australia's last monarch."
    assert spans(tgt, run("entity", "", tgt, mt)) == ["Sara Danius"]


def test_entity_flags_a_swapped_name_with_the_original() -> None:
    src = "נתניהו שב מביקור רשמי במוסקבה."
    mt = "Netanyahu returned from an official visit to Moscow."
    tgt = "Netanyahu returned from an official visit to Berlin."
    flags = run("entity", src, tgt, mt)
    assert spans(tgt, flags) == ["Berlin"] and "“Moscow”" in flags[0].message


# --- typo ----------------------------------------------------------------------------------


def test_typo_flags_a_near_miss_of_a_bridge_word() -> None:
    tgt = "relations between the 2 counties in all fields"
    flags = run("typo", "", tgt, "relations between the two countries in all fields")
    assert spans(tgt, flags) == ["counties"] and flags[0].severity == "minor"


def test_typo_leaves_variants_and_inflections_alone() -> None:
    mt = "he had misinterpreted his behavior and the temporary countries"
    tgt = "he misinterpreted his behaviour and temporarily the country"
    assert run("typo", "", tgt, mt) == []


# --- mistranslation ------------------------------------------------------------------------


def test_mistranslation_flags_a_sentence_that_says_something_else() -> None:
    tgt = "Sales of umbrellas doubled during the rainy winter months in Europe."
    assert run("mistranslation", CLEAR_HE, tgt, CLEAR_MT)


def test_mistranslation_leaves_a_free_faithful_rendering_alone() -> None:
    src = "אולם יש לקחת בחשבון כמה דברים: קודם כל, שליידרמן פעל לקדם עסקאות נשק בין ישראל לרוסיה."
    mt = (
        "However, several things must be taken into account: first of all, that Leiderman "
        "worked to promote arms deals between Israel and Russia."
    )
    tgt = (
        "But one must take into account several things: firstly, that Leiderman worked to "
        "advance arms deals between Israel and Russia."
    )
    assert run("mistranslation", src, tgt, mt) == []


def test_an_omission_points_where_the_dropped_words_belong() -> None:
    mt = "He arrived in Moscow. Then the minister met the ambassador for three long hours."
    english = "He arrived in Moscow."
    flags = run("omission", "הוא הגיע למוסקבה. אחר כך השר נפגש עם השגריר שלוש שעות.", english, mt)
    assert flags and flags[0].tgt_spans == ((len("He arrived in Moscow"),) * 2,)
    first = run(
        "omission",
        "",
        "the minister met the ambassador.",
        "Yesterday at noon in a hurry and in secret, the minister met the ambassador.",
    )
    assert first and first[0].tgt_spans == ((0, 0),)
