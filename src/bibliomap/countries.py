"""Country names: one canonical name per country, whatever the database wrote.

An affiliation's country is the last comma-separated part of its address, looked up
(case-insensitively) in :data:`ALIASES`; Web of Science abbreviations (``Peoples R China``,
``U Arab Emirates``), constituent countries (``England``, ``Scotland``, ``Wales``, ``North
Ireland`` -> ``United Kingdom``), historical names (``Fed Rep Ger`` -> ``Germany``) and US state
codes, with or without a ZIP code (``CA 92093``), are unified. ISO 3166-1 alpha-2 codes (as
OpenAlex gives them) are mapped through :data:`ISO2` when a reader stores codes. The rules are
documented in docs/networks.md.
"""

from __future__ import annotations

import polars as pl

# (canonical name, ISO 3166-1 alpha-2 code, other spellings seen in exports).
_TABLE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Afghanistan", "AF", ()),
    ("Albania", "AL", ()),
    ("Algeria", "DZ", ()),
    ("American Samoa", "AS", ()),
    ("Andorra", "AD", ()),
    ("Angola", "AO", ()),
    ("Anguilla", "AI", ()),
    ("Antarctica", "AQ", ()),
    ("Antigua and Barbuda", "AG", ("antigua & barbu", "antigua & barbuda")),
    ("Argentina", "AR", ()),
    ("Armenia", "AM", ()),
    ("Aruba", "AW", ()),
    ("Australia", "AU", ()),
    ("Austria", "AT", ()),
    ("Azerbaijan", "AZ", ()),
    ("Bahamas", "BS", ("the bahamas",)),
    ("Bahrain", "BH", ()),
    ("Bangladesh", "BD", ()),
    ("Barbados", "BB", ()),
    ("Belarus", "BY", ("byelarus", "byelorussia")),
    ("Belgium", "BE", ()),
    ("Belize", "BZ", ()),
    ("Benin", "BJ", ()),
    ("Bermuda", "BM", ()),
    ("Bhutan", "BT", ()),
    ("Bolivia", "BO", ("plurinational state of bolivia",)),
    ("Bosnia and Herzegovina", "BA", ("bosnia & herceg", "bosnia & herzegovina", "bosnia")),
    ("Botswana", "BW", ()),
    ("Brazil", "BR", ("brasil",)),
    ("British Virgin Islands", "VG", ("virgin islands (british)",)),
    ("Brunei", "BN", ("brunei darussalam",)),
    ("Bulgaria", "BG", ()),
    ("Burkina Faso", "BF", ()),
    ("Burundi", "BI", ()),
    ("Cambodia", "KH", ()),
    ("Cameroon", "CM", ()),
    ("Canada", "CA", ()),
    ("Cape Verde", "CV", ("cabo verde",)),
    ("Cayman Islands", "KY", ()),
    ("Central African Republic", "CF", ("cent afr republ",)),
    ("Chad", "TD", ("tchad",)),
    ("Chile", "CL", ()),
    ("China", "CN", ("peoples r china", "people's republic of china", "pr china", "p.r. china")),
    ("Colombia", "CO", ()),
    ("Comoros", "KM", ()),
    ("Congo", "CG", ("rep congo", "republic of the congo", "congo republic")),
    (
        "Democratic Republic of the Congo",
        "CD",
        ("dem rep congo", "congo (kinshasa)", "zaire", "democratic republic congo"),
    ),
    ("Cook Islands", "CK", ()),
    ("Costa Rica", "CR", ()),
    ("Cote d'Ivoire", "CI", ("cote ivoire", "côte d'ivoire", "ivory coast")),
    ("Croatia", "HR", ()),
    ("Cuba", "CU", ()),
    ("Curacao", "CW", ("curaçao",)),
    ("Cyprus", "CY", ()),
    ("Czech Republic", "CZ", ("czechia", "czechoslovakia")),
    ("Denmark", "DK", ()),
    ("Djibouti", "DJ", ()),
    ("Dominica", "DM", ()),
    ("Dominican Republic", "DO", ("dominican rep",)),
    ("Ecuador", "EC", ()),
    ("Egypt", "EG", ()),
    ("El Salvador", "SV", ()),
    ("Equatorial Guinea", "GQ", ("equat guinea",)),
    ("Eritrea", "ER", ()),
    ("Estonia", "EE", ()),
    ("Eswatini", "SZ", ("swaziland",)),
    ("Ethiopia", "ET", ()),
    ("Faroe Islands", "FO", ("faroe isl",)),
    ("Fiji", "FJ", ()),
    ("Finland", "FI", ()),
    ("France", "FR", ()),
    ("French Guiana", "GF", ("fr guiana",)),
    ("French Polynesia", "PF", ("fr polynesia",)),
    ("Gabon", "GA", ()),
    ("Gambia", "GM", ("the gambia",)),
    ("Georgia", "GE", ()),
    (
        "Germany",
        "DE",
        ("fed rep ger", "ger dem rep", "west germany", "east germany", "deutschland"),
    ),
    ("Ghana", "GH", ()),
    ("Gibraltar", "GI", ()),
    ("Greece", "GR", ()),
    ("Greenland", "GL", ()),
    ("Grenada", "GD", ()),
    ("Guadeloupe", "GP", ()),
    ("Guam", "GU", ()),
    ("Guatemala", "GT", ()),
    ("Guinea", "GN", ()),
    ("Guinea-Bissau", "GW", ("guinea bissau",)),
    ("Guyana", "GY", ()),
    ("Haiti", "HT", ()),
    ("Honduras", "HN", ()),
    ("Hong Kong", "HK", ("hong kong sar", "hong kong sar china")),
    ("Hungary", "HU", ()),
    ("Iceland", "IS", ()),
    ("India", "IN", ()),
    ("Indonesia", "ID", ()),
    ("Iran", "IR", ("islamic republic of iran", "iran (islamic republic of)")),
    ("Iraq", "IQ", ()),
    ("Ireland", "IE", ("republic of ireland", "eire")),
    ("Israel", "IL", ()),
    ("Italy", "IT", ("italia",)),
    ("Jamaica", "JM", ()),
    ("Japan", "JP", ()),
    ("Jordan", "JO", ()),
    ("Kazakhstan", "KZ", ()),
    ("Kenya", "KE", ()),
    ("Kiribati", "KI", ()),
    ("Kosovo", "XK", ()),
    ("Kuwait", "KW", ()),
    ("Kyrgyzstan", "KG", ("kyrgyz republic",)),
    ("Laos", "LA", ("lao people's democratic republic", "lao pdr")),
    ("Latvia", "LV", ()),
    ("Lebanon", "LB", ()),
    ("Lesotho", "LS", ()),
    ("Liberia", "LR", ()),
    ("Libya", "LY", ("libyan arab jamahiriya",)),
    ("Liechtenstein", "LI", ()),
    ("Lithuania", "LT", ()),
    ("Luxembourg", "LU", ()),
    ("Macao", "MO", ("macau",)),
    ("Madagascar", "MG", ()),
    ("Malawi", "MW", ()),
    ("Malaysia", "MY", ()),
    ("Maldives", "MV", ()),
    ("Mali", "ML", ()),
    ("Malta", "MT", ()),
    ("Marshall Islands", "MH", ("marshall island",)),
    ("Martinique", "MQ", ()),
    ("Mauritania", "MR", ()),
    ("Mauritius", "MU", ()),
    ("Mexico", "MX", ("méxico",)),
    ("Micronesia", "FM", ("federated states of micronesia",)),
    ("Moldova", "MD", ("republic of moldova",)),
    ("Monaco", "MC", ()),
    ("Mongolia", "MN", ()),
    ("Montenegro", "ME", ()),
    ("Montserrat", "MS", ()),
    ("Morocco", "MA", ()),
    ("Mozambique", "MZ", ()),
    ("Myanmar", "MM", ("burma",)),
    ("Namibia", "NA", ()),
    ("Nauru", "NR", ()),
    ("Nepal", "NP", ()),
    ("Netherlands", "NL", ("the netherlands", "holland")),
    ("Netherlands Antilles", "AN", ("neth antilles",)),
    ("New Caledonia", "NC", ()),
    ("New Zealand", "NZ", ()),
    ("Nicaragua", "NI", ()),
    ("Niger", "NE", ()),
    ("Nigeria", "NG", ()),
    ("North Korea", "KP", ("dem peoples r korea", "democratic people's republic of korea")),
    ("North Macedonia", "MK", ("macedonia", "fyrom", "republic of north macedonia")),
    ("Northern Mariana Islands", "MP", ()),
    ("Norway", "NO", ()),
    ("Oman", "OM", ()),
    ("Pakistan", "PK", ()),
    ("Palau", "PW", ()),
    ("Palestine", "PS", ("state of palestine", "palestinian territory")),
    ("Panama", "PA", ()),
    ("Papua New Guinea", "PG", ("papua n guinea",)),
    ("Paraguay", "PY", ()),
    ("Peru", "PE", ()),
    ("Philippines", "PH", ()),
    ("Poland", "PL", ()),
    ("Portugal", "PT", ()),
    ("Puerto Rico", "PR", ()),
    ("Qatar", "QA", ()),
    ("Reunion", "RE", ("réunion",)),
    ("Romania", "RO", ()),
    ("Russia", "RU", ("russian federation", "ussr")),
    ("Rwanda", "RW", ()),
    ("Saint Kitts and Nevis", "KN", ("st kitts & nevi", "st kitts & nevis")),
    ("Saint Lucia", "LC", ("st lucia",)),
    ("Saint Vincent and the Grenadines", "VC", ("st vincent",)),
    ("Samoa", "WS", ("western samoa",)),
    ("San Marino", "SM", ()),
    ("Sao Tome and Principe", "ST", ("sao tome & prin",)),
    ("Saudi Arabia", "SA", ()),
    ("Senegal", "SN", ()),
    ("Serbia", "RS", ("serbia monteneg", "serbia and montenegro", "yugoslavia")),
    ("Seychelles", "SC", ()),
    ("Sierra Leone", "SL", ()),
    ("Singapore", "SG", ()),
    ("Slovakia", "SK", ("slovak republic",)),
    ("Slovenia", "SI", ()),
    ("Solomon Islands", "SB", ()),
    ("Somalia", "SO", ()),
    ("South Africa", "ZA", ()),
    ("South Korea", "KR", ("republic of korea", "korea", "s korea", "korea, republic of")),
    ("South Sudan", "SS", ()),
    ("Spain", "ES", ("españa",)),
    ("Sri Lanka", "LK", ()),
    ("Sudan", "SD", ()),
    ("Suriname", "SR", ("surinam",)),
    ("Sweden", "SE", ()),
    ("Switzerland", "CH", ()),
    ("Syria", "SY", ("syrian arab republic",)),
    ("Taiwan", "TW", ("roc", "republic of china", "taiwan, province of china")),
    ("Tajikistan", "TJ", ()),
    ("Tanzania", "TZ", ("united republic of tanzania",)),
    ("Thailand", "TH", ()),
    ("Timor-Leste", "TL", ("east timor", "timor leste")),
    ("Togo", "TG", ()),
    ("Tokelau", "TK", ("tokelau islands",)),
    ("Tonga", "TO", ()),
    ("Trinidad and Tobago", "TT", ("trinid & tobago", "trinidad & tobago")),
    ("Tunisia", "TN", ()),
    ("Turkey", "TR", ("turkiye", "türkiye")),
    ("Turkmenistan", "TM", ()),
    ("Turks and Caicos Islands", "TC", ("turks & caicos",)),
    ("Tuvalu", "TV", ()),
    ("Uganda", "UG", ()),
    ("Ukraine", "UA", ()),
    ("United Arab Emirates", "AE", ("u arab emirates", "uae")),
    (
        "United Kingdom",
        "GB",
        (
            "uk",
            "u.k.",
            "great britain",
            "england",
            "scotland",
            "wales",
            "north ireland",
            "northern ireland",
        ),
    ),
    (
        "United States",
        "US",
        ("usa", "u.s.a.", "u.s.", "us", "united states of america"),
    ),
    ("Uruguay", "UY", ()),
    ("Uzbekistan", "UZ", ()),
    ("Vanuatu", "VU", ()),
    ("Vatican City", "VA", ("holy see", "vatican")),
    ("Venezuela", "VE", ("bolivarian republic of venezuela",)),
    ("Vietnam", "VN", ("viet nam",)),
    ("US Virgin Islands", "VI", ("virgin islands (u.s.)",)),
    ("West Indies", "", ("w ind assoc st",)),
    ("Yemen", "YE", ()),
    ("Zambia", "ZM", ()),
    ("Zimbabwe", "ZW", ()),
)

# US states and territories (postal codes and names); an address ending in one is in the US.
US_STATES: dict[str, str] = {
    "AL": "alabama",
    "AK": "alaska",
    "AZ": "arizona",
    "AR": "arkansas",
    "CA": "california",
    "CO": "colorado",
    "CT": "connecticut",
    "DE": "delaware",
    "DC": "district of columbia",
    "FL": "florida",
    "GA": "",  # "Georgia" names a country too, so only the postal code counts
    "HI": "hawaii",
    "ID": "idaho",
    "IL": "illinois",
    "IN": "indiana",
    "IA": "iowa",
    "KS": "kansas",
    "KY": "kentucky",
    "LA": "louisiana",
    "ME": "maine",
    "MD": "maryland",
    "MA": "massachusetts",
    "MI": "michigan",
    "MN": "minnesota",
    "MS": "mississippi",
    "MO": "missouri",
    "MT": "montana",
    "NE": "nebraska",
    "NV": "nevada",
    "NH": "new hampshire",
    "NJ": "new jersey",
    "NM": "new mexico",
    "NY": "new york",
    "NC": "north carolina",
    "ND": "north dakota",
    "OH": "ohio",
    "OK": "oklahoma",
    "OR": "oregon",
    "PA": "pennsylvania",
    "RI": "rhode island",
    "SC": "south carolina",
    "SD": "south dakota",
    "TN": "tennessee",
    "TX": "texas",
    "UT": "utah",
    "VT": "vermont",
    "VA": "virginia",
    "WA": "washington",
    "WV": "west virginia",
    "WI": "wisconsin",
    "WY": "wyoming",
}

UNITED_STATES = "United States"

ALIASES: dict[str, str] = {}
for _name, _code, _others in _TABLE:
    for _alias in (_name, *_others):
        ALIASES[_alias.lower()] = _name
for _state in US_STATES.values():
    if _state:
        ALIASES.setdefault(_state, UNITED_STATES)

ISO2: dict[str, str] = {code: name for name, code, _ in _TABLE if code}
ISO2["UK"] = "United Kingdom"

# A US state code alone or followed by a ZIP code: "CA", "CA 92093", "MA 02138-1234".
_US_STATE_ZIP = rf"^(?:{'|'.join(US_STATES)})(?:\s+\d{{5}}(?:-\d{{4}})?)?$"


def _clean_address(address: pl.Expr) -> pl.Expr:
    """Drop author brackets, e-mail notes, HTML entities and trailing punctuation of an address."""
    return (
        address.str.replace(r"^\s*\[[^\]]*\]\s*", "")
        .str.replace(r"(?:\s*\([^()]*\))+\s*\.?\s*$", "")
        .str.replace(r"(?i)[.;,]?\s*(?:electronic address|e-?mail)\b.*$", "")
        .str.replace(r"\.\s*(?:ISNI|GRID|ORCID|Ringgold)\b.*$", "")
        .str.replace_all(r"\([^)]*@[^)]*\)", "")
        .str.replace_all(r"\S+@\S+", "")
        .str.replace_all(r"&#x?[0-9a-fA-F]+;?", "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars(" .;,")
    )


def country_of_address(address: pl.Expr) -> pl.Expr:
    """Canonical country of one affiliation address (null when none is recognised).

    The last comma-separated part, with postal codes removed, is looked up in :data:`ALIASES`
    (also when it ends with a country, as in ``CA 92093 USA``); a US state code with or without
    ZIP code means the United States.
    """
    last = _clean_address(address).str.extract(r"([^,]*)$", 1).str.strip_chars()
    no_codes = (
        last.str.replace_all(r"\b[A-Za-z]*\d[\w-]*\b", " ")
        .str.replace_all(r"\bx{3,}\b", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars(" .-")
        .str.to_lowercase()
    )
    exact = no_codes.replace_strict(ALIASES, default=None, return_dtype=pl.String)
    suffix_pattern = r"(?:^|\s)(" + "|".join(_escaped_aliases()) + r")$"
    suffix = no_codes.str.extract(suffix_pattern, 1).replace_strict(
        ALIASES, default=None, return_dtype=pl.String
    )
    state = pl.when(last.str.contains(_US_STATE_ZIP)).then(pl.lit(UNITED_STATES))
    return pl.coalesce(exact, state, suffix)


def _escaped_aliases() -> list[str]:
    """Multi-character aliases as regex alternatives, longest first (so 'north ireland' wins)."""
    aliases = sorted((alias for alias in ALIASES if len(alias) > 2), key=len, reverse=True)
    return [_escape(alias) for alias in aliases]


def _escape(text: str) -> str:
    """Escape regex metacharacters of a literal alias."""
    return "".join("\\" + char if char in r".^$*+?()[]{}|\\" else char for char in text)


def canonical_country(name: pl.Expr) -> pl.Expr:
    """Canonical name of a country a reader already gave (name or ISO alpha-2 code).

    Unknown names are kept as written (stripped), so no reader's value is lost.
    """
    stripped = name.str.strip_chars(" .")
    by_code = stripped.replace_strict(ISO2, default=None, return_dtype=pl.String)
    by_name = stripped.str.to_lowercase().replace_strict(
        ALIASES, default=None, return_dtype=pl.String
    )
    code_like = stripped.str.contains(r"^[A-Z]{2}$")
    return (
        pl.when(code_like)
        .then(pl.coalesce(by_code, by_name, stripped))
        .otherwise(pl.coalesce(by_name, stripped))
    )
