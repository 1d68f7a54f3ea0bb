"""Static pools the demo corpus draws from: names, places, organizations, sources, publishers.

Countries carry the spellings each database uses (Scopus ``United States`` / ``United Kingdom``,
Web of Science ``USA`` / ``England`` / ``Scotland`` / ``Peoples R China``), so that country
unification is exercised by every generated corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

NAME_GROUPS: dict[str, tuple[str, str]] = {
    # group -> (surnames, given names), space separated
    "anglo": (
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
        "Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright "
        "Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans "
        "Turner "
        "Parker Collins Edwards Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed "
        "Bailey Kelly Howard Ward Cox Richardson Wood Watson Brooks Bennett Gray Hughes Price "
        "Sanders Myers Long Ross Foster Powell Jenkins Perry Russell Sullivan Bell Coleman Butler "
        "Henderson Barnes Fisher O'Brien McCabe MacDonald Fraser Kennedy Lloyd Gallagher",
        "James John Robert Michael William David Richard Joseph Thomas Charles Mary Patricia "
        "Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Emma Olivia Sophie Grace "
        "Daniel Matthew Anthony Mark Paul Steven Andrew Kenneth Joshua Kevin Brian George "
        "Rebecca Laura Helen Rachel Catherine Fiona Alison Claire Eloise Margaret",
    ),
    "iberian": (
        "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez "
        "Ruiz Hernández Díaz Moreno Álvarez Muñoz Romero Alonso Gutiérrez Navarro Torres "
        "Domínguez Vázquez Ramos Gil Serrano Blanco Molina Morales Suárez Ortega Delgado Castro "
        "Silva Santos Oliveira Souza Pereira Costa Carvalho Almeida Ferreira Ribeiro",
        "José Antonio Manuel Francisco Juan David Javier Carlos Jesús Alejandro Miguel Rafael "
        "Pedro Ana María Carmen Laura Isabel Cristina Marta Lucía Elena Beatriz João Tiago "
        "Mariana Inês Rita Paula",
    ),
    "germanic": (
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch "
        "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hartmann "
        "Lange Werner Krause Lehmann Köhler Maier de Vries van Dijk Bakker Janssen Visser Smit "
        "Meijer de Boer Mulder Bos Vos Peters Hendriks van Leeuwen Dekker",
        "Thomas Michael Andreas Stefan Christian Markus Frank Jan Tobias Lukas Anna Julia Katrin "
        "Sabine Claudia Stefanie Nicole Laura Lena Hanna Pieter Joost Sander Bram Femke Sanne "
        "Anouk Maartje Willem Ruud",
    ),
    "chinese": (
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo "
        "Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai "
        "Jiang Yu Du",
        "Wei Jing Li Min Jun Hui Yan Ling Hong Xin Yong Jie Tao Ming Hao Lei Fang Qiang Ying "
        "Xiaoming Xiaoyu Jianhua Zhiwei Yuxin Haoran Zihan Yiming Shuang Mengyao Jiayi",
    ),
    "nordic": (
        "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen "
        "Johansson Andersson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson "
        "Virtanen Korhonen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen",
        "Lars Anders Per Erik Nils Jonas Mikael Henrik Ole Jukka Mikko Anna Ingrid Kari Eva "
        "Maria Karin Sofia Emma Linnea Sari Tiina Johanna Liisa",
    ),
    "south_asian": (
        "Sharma Kumar Singh Patel Gupta Shah Reddy Rao Iyer Nair Mehta Joshi Das Chatterjee "
        "Banerjee Mukherjee Bose Khan Ahmed Hussain Ali Rahman Chowdhury Verma Mishra Pandey "
        "Agarwal Kapoor Malhotra Menon",
        "Rahul Amit Sanjay Vikram Arjun Rohan Anil Ravi Suresh Rajesh Priya Anjali Neha Pooja "
        "Deepa Kavita Sunita Aisha Fatima Imran Farhan Nadia Sana Arun Lakshmi",
    ),
    "mediterranean": (
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo "
        "Conti De Luca Costa Giordano Mancini Rizzo Lombardi Moretti Papadopoulos Georgiou "
        "Nikolaidis Dimitriou Yılmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın Özdemir Arslan",
        "Giuseppe Giovanni Antonio Marco Luca Andrea Francesco Alessandro Giulia Francesca "
        "Chiara Sara Elena Valentina Nikos Dimitris Eleni Maria Mehmet Mustafa Ahmet Ayşe "
        "Fatma Zeynep Elif Emre",
    ),
    "east_asian": (
        "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Shin Seo Kwon Hwang Sato Suzuki "
        "Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada",
        "Minjun Jiwoo Seojun Hyun Jisoo Eunji Minji Soyeon Dong Sung Hiroshi Takashi Kenji Yuki "
        "Haruto Sakura Yui Akiko Naoko Keiko",
    ),
    "african": (
        "Mensah Osei Boateng Owusu Adeyemi Okafor Okonkwo Mwangi Otieno Kamau Naidoo Pillay "
        "Dlamini Nkosi Khumalo Mokoena Botha van der Merwe Abdullah Ibrahim",
        "Kwame Kofi Ama Akosua Chinedu Ngozi Oluwaseun Adebayo Wanjiru Njeri Thabo Sipho "
        "Lindiwe Nomvula Zanele Pieter Johan Yusuf Amina Fatou",
    ),
}


def split_names(names: str) -> list[str]:
    """Split a surname list on spaces, keeping particles (``de``, ``van der``) with the name."""
    out: list[str] = []
    pending = ""
    for word in names.split():
        if word in {"de", "De", "van", "der"}:
            pending += word + " "
        else:
            out.append(pending + word)
            pending = ""
    return out


# Country table: (Scopus spelling, Web of Science spelling, ISO code, name group, weight).
# The UK appears as England / Scotland / Wales in WoS addresses (city decides which).
COUNTRIES: tuple[tuple[str, str, str, str, float], ...] = (
    ("United States", "USA", "US", "anglo", 18.0),
    ("United Kingdom", "England", "GB", "anglo", 9.0),
    ("Australia", "Australia", "AU", "anglo", 6.0),
    ("Canada", "Canada", "CA", "anglo", 4.0),
    ("Ireland", "Ireland", "IE", "anglo", 2.0),
    ("New Zealand", "New Zealand", "NZ", "anglo", 1.5),
    ("Spain", "Spain", "ES", "iberian", 6.0),
    ("Portugal", "Portugal", "PT", "iberian", 2.5),
    ("Brazil", "Brazil", "BR", "iberian", 2.5),
    ("Mexico", "Mexico", "MX", "iberian", 1.5),
    ("Germany", "Germany", "DE", "germanic", 5.0),
    ("Netherlands", "Netherlands", "NL", "germanic", 3.5),
    ("Austria", "Austria", "AT", "germanic", 1.0),
    ("Switzerland", "Switzerland", "CH", "germanic", 1.5),
    ("China", "Peoples R China", "CN", "chinese", 8.0),
    ("Taiwan", "Taiwan", "TW", "chinese", 1.5),
    ("Hong Kong", "Peoples R China", "HK", "chinese", 1.0),
    ("Sweden", "Sweden", "SE", "nordic", 1.5),
    ("Norway", "Norway", "NO", "nordic", 1.0),
    ("Denmark", "Denmark", "DK", "nordic", 1.0),
    ("Finland", "Finland", "FI", "nordic", 1.5),
    ("India", "India", "IN", "south_asian", 4.0),
    ("Pakistan", "Pakistan", "PK", "south_asian", 1.0),
    ("Malaysia", "Malaysia", "MY", "south_asian", 2.0),
    ("Italy", "Italy", "IT", "mediterranean", 3.5),
    ("Greece", "Greece", "GR", "mediterranean", 1.5),
    ("Turkey", "Turkiye", "TR", "mediterranean", 2.0),
    ("South Korea", "South Korea", "KR", "east_asian", 2.0),
    ("Japan", "Japan", "JP", "east_asian", 1.5),
    ("South Africa", "South Africa", "ZA", "african", 2.0),
    ("Nigeria", "Nigeria", "NG", "african", 1.0),
    ("Kenya", "Kenya", "KE", "african", 0.5),
    ("Russian Federation", "Russia", "RU", "mediterranean", 1.0),
)

# Cities: (city, country ISO code, US state / postal code or "", WoS country override or "").
CITIES: tuple[tuple[str, str, str, str], ...] = (
    ("Baltimore", "US", "MD", ""),
    ("Boston", "US", "MA", ""),
    ("Chicago", "US", "IL", ""),
    ("Austin", "US", "TX", ""),
    ("Seattle", "US", "WA", ""),
    ("Philadelphia", "US", "PA", ""),
    ("Atlanta", "US", "GA", ""),
    ("Denver", "US", "CO", ""),
    ("London", "GB", "", "England"),
    ("Leeds", "GB", "", "England"),
    ("Manchester", "GB", "", "England"),
    ("Milton Keynes", "GB", "", "England"),
    ("Edinburgh", "GB", "", "Scotland"),
    ("Glasgow", "GB", "", "Scotland"),
    ("Cardiff", "GB", "", "Wales"),
    ("Sydney", "AU", "NSW", ""),
    ("Melbourne", "AU", "VIC", ""),
    ("Brisbane", "AU", "QLD", ""),
    ("Toronto", "CA", "ON", ""),
    ("Vancouver", "CA", "BC", ""),
    ("Dublin", "IE", "", ""),
    ("Auckland", "NZ", "", ""),
    ("Madrid", "ES", "", ""),
    ("Barcelona", "ES", "", ""),
    ("Valencia", "ES", "", ""),
    ("Seville", "ES", "", ""),
    ("Lisbon", "PT", "", ""),
    ("Porto", "PT", "", ""),
    ("Sao Paulo", "BR", "", ""),
    ("Mexico City", "MX", "", ""),
    ("Berlin", "DE", "", ""),
    ("Munich", "DE", "", ""),
    ("Hamburg", "DE", "", ""),
    ("Amsterdam", "NL", "", ""),
    ("Utrecht", "NL", "", ""),
    ("Leiden", "NL", "", ""),
    ("Vienna", "AT", "", ""),
    ("Zurich", "CH", "", ""),
    ("Beijing", "CN", "", ""),
    ("Shanghai", "CN", "", ""),
    ("Wuhan", "CN", "", ""),
    ("Guangzhou", "CN", "", ""),
    ("Taipei", "TW", "", ""),
    ("Hong Kong", "HK", "", ""),
    ("Stockholm", "SE", "", ""),
    ("Oslo", "NO", "", ""),
    ("Copenhagen", "DK", "", ""),
    ("Helsinki", "FI", "", ""),
    ("New Delhi", "IN", "", ""),
    ("Bangalore", "IN", "", ""),
    ("Lahore", "PK", "", ""),
    ("Kuala Lumpur", "MY", "", ""),
    ("Rome", "IT", "", ""),
    ("Milan", "IT", "", ""),
    ("Athens", "GR", "", ""),
    ("Ankara", "TR", "", ""),
    ("Istanbul", "TR", "", ""),
    ("Seoul", "KR", "", ""),
    ("Tokyo", "JP", "", ""),
    ("Cape Town", "ZA", "", ""),
    ("Johannesburg", "ZA", "", ""),
    ("Lagos", "NG", "", ""),
    ("Nairobi", "KE", "", ""),
    ("Moscow", "RU", "", ""),
)

# Organization name patterns per city ("{city}" is replaced).
ORG_PATTERNS: tuple[str, ...] = (
    "University of {city}",
    "{city} University of Technology",
    "{city} Business School",
    "{city} Metropolitan University",
    "Open University of {city}",
)

DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "employability": (
        "School of Business",
        "Department of Economics",
        "Faculty of Management",
        "Centre for Employability Research",
    ),
    "distance learning and flexible provision": (
        "Institute of Educational Technology",
        "Department of Open and Distance Education",
        "Faculty of Education",
        "Centre for Online Education",
    ),
    "learning and skills development": (
        "Faculty of Education",
        "School of Education",
        "Department of Psychology",
        "Centre for Adult Education",
    ),
    "digitalization and technology": (
        "Department of Computer Science",
        "School of Information Systems",
        "Faculty of Engineering",
        "Institute of Digital Innovation",
    ),
    "quality assurance": (
        "Centre for Higher Education Policy",
        "School of Education",
        "Department of Public Administration",
        "Office of Quality Assurance",
    ),
}

# WoS abbreviates organization words in C1 / RP addresses.
WOS_ABBREVIATIONS: dict[str, str] = {
    "University": "Univ",
    "Technology": "Technol",
    "Department": "Dept",
    "Institute": "Inst",
    "School": "Sch",
    "Faculty": "Fac",
    "Centre": "Ctr",
    "Education": "Educ",
    "Educational": "Educ",
    "Economics": "Econ",
    "Management": "Management",
    "Computer": "Comp",
    "Science": "Sci",
    "Engineering": "Engn",
    "Information": "Informat",
    "Systems": "Syst",
    "Psychology": "Psychol",
    "Research": "Res",
    "Administration": "Adm",
    "Innovation": "Innovat",
    "International": "Int",
    "Metropolitan": "Metropolitan",
    "Digital": "Digital",
    "Business": "Business",
    "Public": "Publ",
    "Policy": "Policy",
}

# ISO 4 word abbreviations for journal names (JI / Scopus "Abbreviated Source Title").
ISO4: dict[str, str] = {
    "Journal": "J.",
    "International": "Int.",
    "European": "Eur.",
    "Education": "Educ.",
    "Educational": "Educ.",
    "Technology": "Technol.",
    "Research": "Res.",
    "Higher": "High.",
    "Distance": "Distance",
    "Quality": "Qual.",
    "Assurance": "Assur.",
    "Digital": "Digit.",
    "Management": "Manag.",
    "Development": "Dev.",
    "Studies": "Stud.",
    "Review": "Rev.",
    "Vocational": "Vocat.",
    "Assessment": "Assess.",
    "Evaluation": "Eval.",
    "Computers": "Comput.",
    "Innovation": "Innov.",
    "Careers": "Careers",
    "Employment": "Employ.",
    "Economics": "Econ.",
    "Lifelong": "Lifelong",
    "Adult": "Adult",
    "Continuing": "Contin.",
    "Information": "Inf.",
    "Systems": "Syst.",
    "Society": "Soc.",
    "Teaching": "Teach.",
    "Practice": "Pract.",
    "Professional": "Prof.",
    "Interactive": "Interact.",
    "Environments": "Environ.",
    "Policy": "Policy",
    "Open": "Open",
    "Online": "Online",
    "Work": "Work",
    "Skills": "Skills",
    "Learning": "Learn.",
    "Proceedings": "Proc.",
    "Conference": "Conf.",
    "Advances": "Adv.",
    "Perspectives": "Perspect.",
    "Training": "Train.",
    "Credentials": "Credent.",
    "Flexible": "Flex.",
    "Applied": "Appl.",
    "Frontiers": "Front.",
    "Labour": "Labour",
    "Graduate": "Grad.",
    "Standards": "Stand.",
    "Accreditation": "Accredit.",
    "Analytics": "Anal.",
}

# Source name stems per topic; prefixes make journal titles ("International Journal of ...").
SOURCE_FIELDS: dict[str, tuple[str, ...]] = {
    "employability": (
        "Education and Work",
        "Graduate Employability",
        "Careers and Employment",
        "Labour Economics and Education",
        "Work and Skills Policy",
    ),
    "distance learning and flexible provision": (
        "Distance Education",
        "Open and Flexible Learning",
        "Online Learning Research",
        "Lifelong and Continuing Education",
        "Flexible Credentials",
    ),
    "learning and skills development": (
        "Adult Learning and Skills",
        "Vocational Education and Training",
        "Professional Development",
        "Learning and Teaching",
        "Skills Research",
    ),
    "digitalization and technology": (
        "Educational Technology",
        "Digital Credentials",
        "Computers and Education",
        "Learning Analytics",
        "Interactive Learning Environments",
    ),
    "quality assurance": (
        "Quality in Higher Education",
        "Quality Assurance in Education",
        "Assessment and Evaluation",
        "Higher Education Policy",
        "Accreditation and Standards",
    ),
}

JOURNAL_PREFIXES: tuple[str, ...] = (
    "Journal of",
    "International Journal of",
    "European Journal of",
    "Studies in",
    "Review of",
    "Advances in",
    "Perspectives on",
    "Frontiers in",
)


@dataclass(frozen=True)
class Publisher:
    """A publisher with its DOI prefix, place, address and copyright line."""

    name: str
    doi_prefix: str
    city: str
    address: str
    copyright: str


PUBLISHERS: tuple[Publisher, ...] = (
    Publisher(
        "Elsevier Ltd",
        "10.1016",
        "OXFORD",
        "THE BOULEVARD, LANGFORD LANE, KIDLINGTON, OXFORD OX5 1GB, OXON, ENGLAND",
        "Elsevier Ltd. All rights reserved.",
    ),
    Publisher(
        "Springer Science and Business Media B.V.",
        "10.1007",
        "DORDRECHT",
        "VAN GODEWIJCKSTRAAT 30, 3311 GZ DORDRECHT, NETHERLANDS",
        "The Author(s), under exclusive licence to Springer Nature B.V.",
    ),
    Publisher(
        "Routledge",
        "10.1080",
        "ABINGDON",
        "2-4 PARK SQUARE, MILTON PARK, ABINGDON OR14 4RN, OXON, ENGLAND",
        "Informa UK Limited, trading as Taylor & Francis Group.",
    ),
    Publisher(
        "John Wiley and Sons Inc",
        "10.1111",
        "HOBOKEN",
        "111 RIVER ST, HOBOKEN 07030-5774, NJ USA",
        "John Wiley & Sons Ltd.",
    ),
    Publisher(
        "Emerald Publishing",
        "10.1108",
        "BINGLEY",
        "Floor 5, Northspring 21-23 Wellington Street, Leeds, W YORKSHIRE, ENGLAND",
        "Emerald Publishing Limited.",
    ),
    Publisher(
        "SAGE Publications Ltd",
        "10.1177",
        "LONDON",
        "1 OLIVERS YARD, 55 CITY ROAD, LONDON EC1Y 1SP, ENGLAND",
        "The Author(s).",
    ),
    Publisher(
        "Institute of Electrical and Electronics Engineers Inc.",
        "10.1109",
        "NEW YORK",
        "345 E 47TH ST, NEW YORK, NY 10017 USA",
        "IEEE.",
    ),
    Publisher(
        "Association for Computing Machinery",
        "10.1145",
        "NEW YORK",
        "1601 Broadway, 10th Floor, NEW YORK, NY, UNITED STATES",
        "ACM.",
    ),
)

FUNDERS: tuple[tuple[str, str], ...] = (
    ("European Commission", "EC"),
    ("National Science Foundation", "NSF"),
    ("Economic and Social Research Council", "ESRC"),
    ("Australian Research Council", "ARC"),
    ("National Natural Science Foundation of China", "NSFC"),
    ("Ministerio de Ciencia e Innovación", "MICINN"),
    ("Deutsche Forschungsgemeinschaft", "DFG"),
    ("Erasmus+", ""),
)

# Index keywords in a controlled-vocabulary style (Scopus capitalization), per topic.
INDEX_TERMS: dict[str, tuple[str, ...]] = {
    "employability": (
        "Employment",
        "Labor market",
        "Personnel training",
        "Careers",
        "Industrial research",
        "Human resource management",
        "Economic and social effects",
        "Employability",
    ),
    "distance learning and flexible provision": (
        "E-learning",
        "Distance education",
        "Online systems",
        "Massive open online course",
        "Curricula",
        "Learning systems",
        "Flexible learning",
        "Teaching",
    ),
    "learning and skills development": (
        "Engineering education",
        "Professional aspects",
        "Skill development",
        "Competence",
        "Motivation",
        "Soft skills",
        "Lifelong learning",
        "Teaching",
    ),
    "digitalization and technology": (
        "Blockchain",
        "Education computing",
        "Artificial intelligence",
        "Digital storage",
        "Information management",
        "Interoperability",
        "Digital credentials",
        "Digital transformation",
    ),
    "quality assurance": (
        "Quality assurance",
        "Quality control",
        "Accreditation",
        "Standards",
        "Benchmarking",
        "Total quality management",
        "Quality management",
        "Certification",
    ),
}

GENERAL_INDEX_TERMS: tuple[str, ...] = (
    "Students",
    "Higher education",
    "Surveys",
    "Human",
    "Article",
    "Education",
)

GENERAL_KEYWORDS: tuple[str, ...] = (
    "Higher education",
    "Micro-credentials",
    "Lifelong learning",
    "Case study",
    "Systematic review",
)

# Web of Science research areas (SC) and categories (WC) per topic.
WOS_CATEGORIES: dict[str, tuple[str, str]] = {
    "employability": ("Education & Educational Research; Economics", "Business & Economics"),
    "distance learning and flexible provision": (
        "Education & Educational Research",
        "Education & Educational Research",
    ),
    "learning and skills development": (
        "Education & Educational Research; Psychology, Educational",
        "Education & Educational Research; Psychology",
    ),
    "digitalization and technology": (
        "Computer Science, Interdisciplinary Applications; Education & Educational Research",
        "Computer Science; Education & Educational Research",
    ),
    "quality assurance": (
        "Education & Educational Research; Management",
        "Education & Educational Research; Business & Economics",
    ),
}
