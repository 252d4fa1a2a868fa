-- sample.lua: the seed article (January 2022 security talks) coded in the dataset format
return [==[
{
  "format": "diplomacy",
  "version": 1,
  "meta": {
    "title": "Russia-US and Russia-NATO security talks of January 2022: the seed article",
    "source": "A news article (Press TV, published Thursday 30 December 2021) on the security talks of January 2022: a Russian Foreign Ministry briefing by Maria Zakharova announcing Russia-US talks in Geneva on 10 January, a NATO-Russia meeting in Brussels on 12 January and an OSCE meeting in Vienna on 13 January, with background on Russia's security proposals, the US response and the Russian troop build-up near Ukraine.",
    "published": "2021-12-30",
    "url": "https://www.presstv.ir/Detail/2021/12/30/673738/Russia-Maria-Zakharova-security-guarantees-NATO-Ukraine-",
    "notes": [
      "Publication date: the article speaks of a briefing 'on Thursday', of Lavrov speaking 'last Monday' about talks 'next month', and of proposals unveiled 'earlier in the month' (December), so it was written in late December 2021; other reports of the same briefing date it Thursday 30 December 2021.",
      "Events the article dates relative to its publication are given to the day: Zakharova's briefing 'on Thursday' = 2021-12-30; Lavrov's interview 'last Monday' = 2021-12-27 (other reports of that interview give Monday 27 December).",
      "Events the article does not date are given to the month only: the security proposals 'earlier in the month' = 2021-12 (the drafts were handed over on 15 December and published on 17 December); the US response, the order returning some 10,000 servicemen to their bases (announced 25 December) and Russia's 'has all the capabilities' statement = 2021-12; the troop build-up reported 'since November' = from 2021-11; Moscow's denial and Putin's repeated warnings = 2021-11 to 2021-12.",
      "The three January meetings were planned when the article was written; they took place as announced, so their status is 'held'.",
      "Posts and memberships are as of January 2022: a post or membership still held then has no end, even if it ended later. Ryabkov's appointment as Deputy Foreign Minister is given to the month (2008-08).",
      "NATO: the 30 members as of January 2022 with their accession dates (founders 1949-04-04, the signing of the North Atlantic Treaty). Finland and Sweden, which joined later, are not NATO members here but are OSCE participating States.",
      "OSCE: the 57 participating States as of January 2022. The original participants of the CSCE are dated 1975-08-01, the signing of the Helsinki Final Act (the OSCE's own list gives 25 June 1973 for their admission); Russia continues the USSR's participation and unified Germany that of the Federal Republic. Later admissions carry their admission dates (Czechia and Slovakia 1993-01-01, after Czechoslovakia; Serbia 2000-11-10, as the Federal Republic of Yugoslavia).",
      "The article names no delegation members beyond the heads, so the Geneva talks list Ryabkov and Sherman only; the OSCE meeting lists every participating State as a party.",
      "Quotes are exact substrings of the article, without the trailing punctuation that closes them there."
    ]
  },
  "places": [
    {"id": "europe", "name": "Europe", "kind": "continent"},
    {"id": "eastern-europe", "name": "Eastern Europe", "kind": "region", "within": "europe"},
    {"id": "CHE", "name": "Switzerland", "kind": "country", "within": "europe", "country": "CHE"},
    {"id": "BEL", "name": "Belgium", "kind": "country", "within": "europe", "country": "BEL"},
    {"id": "AUT", "name": "Austria", "kind": "country", "within": "europe", "country": "AUT"},
    {"id": "RUS", "name": "Russia", "kind": "country", "within": "eastern-europe", "country": "RUS", "aliases": ["Russian Federation"]},
    {"id": "UKR", "name": "Ukraine", "kind": "country", "within": "eastern-europe", "country": "UKR"},
    {"id": "geneva", "name": "Geneva", "kind": "city", "within": "CHE", "lat": 46.2044, "lon": 6.1432, "country": "CHE", "aliases": ["Geneve"]},
    {"id": "brussels", "name": "Brussels", "kind": "city", "within": "BEL", "lat": 50.8503, "lon": 4.3517, "country": "BEL"},
    {"id": "vienna", "name": "Vienna", "kind": "city", "within": "AUT", "lat": 48.2082, "lon": 16.3738, "country": "AUT", "aliases": ["Wien"]},
    {"id": "moscow", "name": "Moscow", "kind": "city", "within": "RUS", "lat": 55.7558, "lon": 37.6173, "country": "RUS"},
    {"id": "ukraine-border", "name": "Russia-Ukraine border area", "kind": "region", "within": "RUS", "country": "RUS", "aliases": ["Ukrainian border"]},
    {"id": "eastern-ukraine", "name": "Eastern Ukraine", "kind": "region", "within": "UKR", "country": "UKR"},
    {"id": "mfa-website", "name": "Russian Foreign Ministry website", "kind": "virtual", "aliases": ["mid.ru"]}
  ],
  "actors": [
    {"id": "RUS", "name": "Russia", "kind": "state", "country": "RUS", "aliases": ["Russian Federation", "Moscow", "the Kremlin"], "codes": {"cameo": "RUS"}},
    {"id": "USA", "name": "United States", "kind": "state", "country": "USA", "aliases": ["US", "United States of America", "Washington", "America"], "codes": {"cameo": "USA"}},
    {"id": "UKR", "name": "Ukraine", "kind": "state", "country": "UKR", "codes": {"cameo": "UKR"}},
    {"id": "NATO", "name": "North Atlantic Treaty Organization", "kind": "organization", "aliases": ["NATO", "the US-led military alliance"]},
    {"id": "OSCE", "name": "Organization for Security and Co-operation in Europe", "kind": "organization", "aliases": ["OSCE", "Organization for Security and Cooperation in Europe"]},
    {"id": "RUS-MFA", "name": "Ministry of Foreign Affairs of the Russian Federation", "kind": "agency", "country": "RUS", "aliases": ["Russian Foreign Ministry", "Foreign Ministry"]},
    {"id": "USA-DOS", "name": "United States Department of State", "kind": "agency", "country": "USA", "aliases": ["US Department of State", "State Department"]},
    {"id": "biden-administration", "name": "Biden administration", "kind": "agency", "country": "USA", "aliases": ["US administration", "Joe Biden's administration"]},
    {"id": "zakharova", "name": "Maria Zakharova", "kind": "person", "country": "RUS", "aliases": ["Zakharova"]},
    {"id": "ryabkov", "name": "Sergei Ryabkov", "kind": "person", "country": "RUS", "aliases": ["Ryabkov", "Sergey Ryabkov"]},
    {"id": "lavrov", "name": "Sergei Lavrov", "kind": "person", "country": "RUS", "aliases": ["Lavrov", "Sergey Lavrov"]},
    {"id": "putin", "name": "Vladimir Putin", "kind": "person", "country": "RUS", "aliases": ["Putin"]},
    {"id": "sherman", "name": "Wendy Sherman", "kind": "person", "country": "USA", "aliases": ["Sherman"]},
    {"id": "biden", "name": "Joe Biden", "kind": "person", "country": "USA", "aliases": ["Biden", "Joseph Biden"]},
    {"id": "west", "name": "the West", "kind": "group", "aliases": ["West", "Western countries"]},
    {"id": "western-media", "name": "Western media outlets", "kind": "media", "aliases": ["Western media"]},
    {"id": "ALB", "name": "Albania", "kind": "state", "country": "ALB"},
    {"id": "AND", "name": "Andorra", "kind": "state", "country": "AND"},
    {"id": "ARM", "name": "Armenia", "kind": "state", "country": "ARM"},
    {"id": "AUT", "name": "Austria", "kind": "state", "country": "AUT"},
    {"id": "AZE", "name": "Azerbaijan", "kind": "state", "country": "AZE"},
    {"id": "BLR", "name": "Belarus", "kind": "state", "country": "BLR"},
    {"id": "BEL", "name": "Belgium", "kind": "state", "country": "BEL"},
    {"id": "BIH", "name": "Bosnia and Herzegovina", "kind": "state", "country": "BIH"},
    {"id": "BGR", "name": "Bulgaria", "kind": "state", "country": "BGR"},
    {"id": "CAN", "name": "Canada", "kind": "state", "country": "CAN"},
    {"id": "HRV", "name": "Croatia", "kind": "state", "country": "HRV"},
    {"id": "CYP", "name": "Cyprus", "kind": "state", "country": "CYP"},
    {"id": "CZE", "name": "Czechia", "kind": "state", "country": "CZE", "aliases": ["Czech Republic"]},
    {"id": "DNK", "name": "Denmark", "kind": "state", "country": "DNK"},
    {"id": "EST", "name": "Estonia", "kind": "state", "country": "EST"},
    {"id": "FIN", "name": "Finland", "kind": "state", "country": "FIN"},
    {"id": "FRA", "name": "France", "kind": "state", "country": "FRA"},
    {"id": "GEO", "name": "Georgia", "kind": "state", "country": "GEO"},
    {"id": "DEU", "name": "Germany", "kind": "state", "country": "DEU"},
    {"id": "GRC", "name": "Greece", "kind": "state", "country": "GRC"},
    {"id": "VAT", "name": "Holy See", "kind": "state", "country": "VAT", "aliases": ["Vatican"]},
    {"id": "HUN", "name": "Hungary", "kind": "state", "country": "HUN"},
    {"id": "ISL", "name": "Iceland", "kind": "state", "country": "ISL"},
    {"id": "IRL", "name": "Ireland", "kind": "state", "country": "IRL"},
    {"id": "ITA", "name": "Italy", "kind": "state", "country": "ITA"},
    {"id": "KAZ", "name": "Kazakhstan", "kind": "state", "country": "KAZ"},
    {"id": "KGZ", "name": "Kyrgyzstan", "kind": "state", "country": "KGZ", "aliases": ["Kyrgyz Republic"]},
    {"id": "LVA", "name": "Latvia", "kind": "state", "country": "LVA"},
    {"id": "LIE", "name": "Liechtenstein", "kind": "state", "country": "LIE"},
    {"id": "LTU", "name": "Lithuania", "kind": "state", "country": "LTU"},
    {"id": "LUX", "name": "Luxembourg", "kind": "state", "country": "LUX"},
    {"id": "MLT", "name": "Malta", "kind": "state", "country": "MLT"},
    {"id": "MDA", "name": "Moldova", "kind": "state", "country": "MDA", "aliases": ["Republic of Moldova"]},
    {"id": "MCO", "name": "Monaco", "kind": "state", "country": "MCO"},
    {"id": "MNG", "name": "Mongolia", "kind": "state", "country": "MNG"},
    {"id": "MNE", "name": "Montenegro", "kind": "state", "country": "MNE"},
    {"id": "NLD", "name": "Netherlands", "kind": "state", "country": "NLD", "aliases": ["the Netherlands"]},
    {"id": "MKD", "name": "North Macedonia", "kind": "state", "country": "MKD"},
    {"id": "NOR", "name": "Norway", "kind": "state", "country": "NOR"},
    {"id": "POL", "name": "Poland", "kind": "state", "country": "POL"},
    {"id": "PRT", "name": "Portugal", "kind": "state", "country": "PRT"},
    {"id": "ROU", "name": "Romania", "kind": "state", "country": "ROU"},
    {"id": "SMR", "name": "San Marino", "kind": "state", "country": "SMR"},
    {"id": "SRB", "name": "Serbia", "kind": "state", "country": "SRB"},
    {"id": "SVK", "name": "Slovakia", "kind": "state", "country": "SVK"},
    {"id": "SVN", "name": "Slovenia", "kind": "state", "country": "SVN"},
    {"id": "ESP", "name": "Spain", "kind": "state", "country": "ESP"},
    {"id": "SWE", "name": "Sweden", "kind": "state", "country": "SWE"},
    {"id": "CHE", "name": "Switzerland", "kind": "state", "country": "CHE"},
    {"id": "TJK", "name": "Tajikistan", "kind": "state", "country": "TJK"},
    {"id": "TUR", "name": "Turkey", "kind": "state", "country": "TUR", "aliases": ["Turkiye"]},
    {"id": "TKM", "name": "Turkmenistan", "kind": "state", "country": "TKM"},
    {"id": "GBR", "name": "United Kingdom", "kind": "state", "country": "GBR", "aliases": ["UK", "Britain", "Great Britain"]},
    {"id": "UZB", "name": "Uzbekistan", "kind": "state", "country": "UZB"}
  ],
  "relations": [
    {"actor": "RUS-MFA", "type": "part_of", "target": "RUS"},
    {"actor": "USA-DOS", "type": "part_of", "target": "USA"},
    {"actor": "biden-administration", "type": "part_of", "target": "USA", "start": "2021-01-20"},
    {"actor": "zakharova", "type": "position", "target": "RUS-MFA", "title": "spokesperson", "start": "2015-08-10"},
    {"actor": "ryabkov", "type": "position", "target": "RUS-MFA", "title": "Deputy Foreign Minister", "start": "2008-08"},
    {"actor": "lavrov", "type": "position", "target": "RUS-MFA", "title": "Foreign Minister", "start": "2004-03-09"},
    {"actor": "putin", "type": "position", "target": "RUS", "title": "President", "start": "2000-05-07", "end": "2008-05-07"},
    {"actor": "putin", "type": "position", "target": "RUS", "title": "President", "start": "2012-05-07"},
    {"actor": "sherman", "type": "position", "target": "USA-DOS", "title": "Deputy Secretary of State", "start": "2021-04-14"},
    {"actor": "biden", "type": "position", "target": "USA", "title": "President", "start": "2021-01-20"},
    {"actor": "BEL", "type": "member_of", "target": "NATO", "start": "1949-04-04"},
    {"actor": "CAN", "type": "member_of", "target": "NATO", "start": "1949-04-04"},
    {"actor": "DNK", "type": "member_of", "target": "NATO", "start": "1949-04-04"},
    {"actor": "FRA", "type": "member_of", "target": "NATO", "start": "1949-04-04"},
    {"actor": "GBR", "type": "member_of", "target": "NATO", "start": "1949-04-04"},
    {"actor": "ISL", "type": "member_of", "target": "NATO", "start": "1949-04-04"},
    {"actor": "ITA", "type": "member_of", "target": "NATO", "start": "1949-04-04"},
    {"actor": "LUX", "type": "member_of", "target": "NATO", "start": "1949-04-04"},
    {"actor": "NLD", "type": "member_of", "target": "NATO", "start": "1949-04-04"},
    {"actor": "NOR", "type": "member_of", "target": "NATO", "start": "1949-04-04"},
    {"actor": "PRT", "type": "member_of", "target": "NATO", "start": "1949-04-04"},
    {"actor": "USA", "type": "member_of", "target": "NATO", "start": "1949-04-04"},
    {"actor": "GRC", "type": "member_of", "target": "NATO", "start": "1952-02-18"},
    {"actor": "TUR", "type": "member_of", "target": "NATO", "start": "1952-02-18"},
    {"actor": "DEU", "type": "member_of", "target": "NATO", "start": "1955-05-06"},
    {"actor": "ESP", "type": "member_of", "target": "NATO", "start": "1982-05-30"},
    {"actor": "CZE", "type": "member_of", "target": "NATO", "start": "1999-03-12"},
    {"actor": "HUN", "type": "member_of", "target": "NATO", "start": "1999-03-12"},
    {"actor": "POL", "type": "member_of", "target": "NATO", "start": "1999-03-12"},
    {"actor": "BGR", "type": "member_of", "target": "NATO", "start": "2004-03-29"},
    {"actor": "EST", "type": "member_of", "target": "NATO", "start": "2004-03-29"},
    {"actor": "LTU", "type": "member_of", "target": "NATO", "start": "2004-03-29"},
    {"actor": "LVA", "type": "member_of", "target": "NATO", "start": "2004-03-29"},
    {"actor": "ROU", "type": "member_of", "target": "NATO", "start": "2004-03-29"},
    {"actor": "SVK", "type": "member_of", "target": "NATO", "start": "2004-03-29"},
    {"actor": "SVN", "type": "member_of", "target": "NATO", "start": "2004-03-29"},
    {"actor": "ALB", "type": "member_of", "target": "NATO", "start": "2009-04-01"},
    {"actor": "HRV", "type": "member_of", "target": "NATO", "start": "2009-04-01"},
    {"actor": "MNE", "type": "member_of", "target": "NATO", "start": "2017-06-05"},
    {"actor": "MKD", "type": "member_of", "target": "NATO", "start": "2020-03-27"},
    {"actor": "AUT", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "BEL", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "BGR", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "CAN", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "CHE", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "CYP", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "DEU", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "DNK", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "ESP", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "FIN", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "FRA", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "GBR", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "GRC", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "HUN", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "IRL", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "ISL", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "ITA", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "LIE", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "LUX", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "MCO", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "MLT", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "NLD", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "NOR", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "POL", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "PRT", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "ROU", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "RUS", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "SMR", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "SWE", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "TUR", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "USA", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "VAT", "type": "member_of", "target": "OSCE", "start": "1975-08-01"},
    {"actor": "ALB", "type": "member_of", "target": "OSCE", "start": "1991-06-19"},
    {"actor": "EST", "type": "member_of", "target": "OSCE", "start": "1991-09-10"},
    {"actor": "LTU", "type": "member_of", "target": "OSCE", "start": "1991-09-10"},
    {"actor": "LVA", "type": "member_of", "target": "OSCE", "start": "1991-09-10"},
    {"actor": "ARM", "type": "member_of", "target": "OSCE", "start": "1992-01-30"},
    {"actor": "AZE", "type": "member_of", "target": "OSCE", "start": "1992-01-30"},
    {"actor": "BLR", "type": "member_of", "target": "OSCE", "start": "1992-01-30"},
    {"actor": "KAZ", "type": "member_of", "target": "OSCE", "start": "1992-01-30"},
    {"actor": "KGZ", "type": "member_of", "target": "OSCE", "start": "1992-01-30"},
    {"actor": "MDA", "type": "member_of", "target": "OSCE", "start": "1992-01-30"},
    {"actor": "TJK", "type": "member_of", "target": "OSCE", "start": "1992-01-30"},
    {"actor": "TKM", "type": "member_of", "target": "OSCE", "start": "1992-01-30"},
    {"actor": "UKR", "type": "member_of", "target": "OSCE", "start": "1992-01-30"},
    {"actor": "UZB", "type": "member_of", "target": "OSCE", "start": "1992-01-30"},
    {"actor": "GEO", "type": "member_of", "target": "OSCE", "start": "1992-03-24"},
    {"actor": "HRV", "type": "member_of", "target": "OSCE", "start": "1992-03-24"},
    {"actor": "SVN", "type": "member_of", "target": "OSCE", "start": "1992-03-24"},
    {"actor": "BIH", "type": "member_of", "target": "OSCE", "start": "1992-04-30"},
    {"actor": "CZE", "type": "member_of", "target": "OSCE", "start": "1993-01-01"},
    {"actor": "SVK", "type": "member_of", "target": "OSCE", "start": "1993-01-01"},
    {"actor": "MKD", "type": "member_of", "target": "OSCE", "start": "1995-10-12"},
    {"actor": "AND", "type": "member_of", "target": "OSCE", "start": "1996-04-25"},
    {"actor": "SRB", "type": "member_of", "target": "OSCE", "start": "2000-11-10"},
    {"actor": "MNE", "type": "member_of", "target": "OSCE", "start": "2006-06-22"},
    {"actor": "MNG", "type": "member_of", "target": "OSCE", "start": "2012-11-21"}
  ],
  "events": [
    {
      "id": "2021-11-putin-warnings",
      "type": "warning",
      "title": "Putin repeatedly warns the West against crossing Russia's red lines by staging military exercises in and sending lethal weaponry to Ukraine",
      "start": "2021-11",
      "end": "2021-12",
      "participants": [
        {"actor": "putin", "role": "speaker"},
        {"actor": "west", "role": "target"}
      ],
      "sources": [
        {"publisher": "Press TV", "published": "2021-12-30", "by": "putin"}
      ]
    },
    {
      "id": "2021-11-russia-denial",
      "type": "denial",
      "title": "Moscow denies planning an invasion of Ukraine: it is free to move its troops within its own borders, and its build-up responds to increased NATO activity near them",
      "start": "2021-11",
      "end": "2021-12",
      "participants": [
        {"actor": "RUS", "role": "speaker"},
        {"actor": "western-media", "role": "target"}
      ],
      "sources": [
        {"publisher": "Press TV", "published": "2021-12-30", "by": "RUS"}
      ]
    },
    {
      "id": "2021-11-russia-troop-buildup",
      "type": "deployment",
      "title": "Russia amasses troops near the border with Ukraine, reportedly with the objective of a large-scale invasion",
      "start": "2021-11",
      "place": "ukraine-border",
      "status": "reported",
      "participants": [
        {"actor": "RUS", "role": "party"},
        {"actor": "UKR", "role": "target"}
      ],
      "sources": [
        {"publisher": "Western media outlets", "published": "2021-11", "by": "western-media"}
      ]
    },
    {
      "id": "2021-12-russia-capabilities-statement",
      "type": "statement",
      "title": "Russia says it does not seek an armed conflict with Ukraine but is ready for a full military and technical response to provocations",
      "start": "2021-12",
      "participants": [
        {"actor": "RUS", "role": "speaker"},
        {"actor": "UKR", "role": "target"}
      ],
      "sources": [
        {"publisher": "Press TV", "published": "2021-12-30", "by": "RUS", "quote": "has all the capabilities in place to ensure a full military and technical response to any kind of provocations that might unfold around us"}
      ]
    },
    {
      "id": "2021-12-russia-security-proposals",
      "type": "proposal",
      "title": "Russia unveils a list of security proposals to negotiate with the US, including a pledge that NATO give up military activity in Eastern Europe and Ukraine",
      "start": "2021-12",
      "place": "moscow",
      "participants": [
        {"actor": "RUS", "role": "party"},
        {"actor": "USA", "role": "target"},
        {"actor": "NATO", "role": "target"}
      ],
      "sources": [
        {"publisher": "Press TV", "published": "2021-12-30", "by": "RUS"}
      ]
    },
    {
      "id": "2021-12-troop-withdrawal",
      "type": "withdrawal",
      "title": "Moscow orders some 10,000 servicemen gathered close to the Ukrainian border to return to their permanent bases",
      "start": "2021-12",
      "place": "ukraine-border",
      "participants": [
        {"actor": "RUS", "role": "party"}
      ],
      "sources": [
        {"publisher": "Press TV", "published": "2021-12-30", "by": "RUS"}
      ]
    },
    {
      "id": "2021-12-us-response",
      "type": "statement",
      "title": "The Biden administration calls a number of Russia's security proposals obviously unacceptable and says the US will respond with more concrete ideas on the format of talks",
      "start": "2021-12",
      "participants": [
        {"actor": "biden-administration", "role": "speaker"},
        {"actor": "RUS", "role": "target"}
      ],
      "sources": [
        {"publisher": "Press TV", "published": "2021-12-30", "by": "biden-administration"}
      ]
    },
    {
      "id": "2021-12-lavrov-interview",
      "type": "interview",
      "title": "Lavrov says the Russia-US talks on security guarantees will take place immediately after Russia's New Year holidays",
      "start": "2021-12-27",
      "place": "mfa-website",
      "participants": [
        {"actor": "lavrov", "role": "speaker"}
      ],
      "sources": [
        {"publisher": "Press TV", "published": "2021-12-30", "by": "lavrov"}
      ]
    },
    {
      "id": "2021-12-zakharova-briefing",
      "type": "briefing",
      "title": "Foreign Ministry briefing: Russia will seek firm legal guarantees of its security at the January talks",
      "start": "2021-12-30",
      "place": "moscow",
      "participants": [
        {"actor": "zakharova", "role": "speaker"}
      ],
      "sources": [
        {"publisher": "Press TV", "published": "2021-12-30", "by": "zakharova", "quote": "During the talks we will seek firm legal guarantees of Russia's security from the US side, namely that NATO will not move eastwards and that weapons systems threatening Russia will not be deployed near our borders"},
        {"publisher": "Press TV", "published": "2021-12-30", "by": "zakharova", "quote": "I can report that on January 10 in Geneva, we plan to hold inter-ministerial delegation talks between the US and Russia. The Russian delegation will be led by Russia's Deputy Foreign Minister Sergei Ryabkov, and the US delegation will be led by Deputy Secretary of State Wendy Sherman"}
      ]
    },
    {
      "id": "2022-01-10-geneva-talks",
      "type": "talks",
      "title": "Russia-US talks on security guarantees",
      "start": "2022-01-10",
      "place": "geneva",
      "status": "held",
      "participants": [
        {"actor": "ryabkov", "role": "head"},
        {"actor": "sherman", "role": "head"}
      ],
      "sources": [
        {"publisher": "Press TV", "published": "2021-12-30", "by": "zakharova", "quote": "I can report that on January 10 in Geneva, we plan to hold inter-ministerial delegation talks between the US and Russia. The Russian delegation will be led by Russia's Deputy Foreign Minister Sergei Ryabkov, and the US delegation will be led by Deputy Secretary of State Wendy Sherman"}
      ],
      "cameo": "046"
    },
    {
      "id": "2022-01-12-nato-russia-council",
      "type": "meeting",
      "title": "NATO-Russia Council",
      "start": "2022-01-12",
      "place": "brussels",
      "status": "held",
      "participants": [
        {"actor": "RUS", "role": "party"},
        {"actor": "NATO", "role": "party"}
      ],
      "sources": [
        {"publisher": "Press TV", "published": "2021-12-30", "by": "zakharova"}
      ],
      "cameo": "046"
    },
    {
      "id": "2022-01-13-osce-vienna",
      "type": "meeting",
      "title": "OSCE Permanent Council",
      "start": "2022-01-13",
      "place": "vienna",
      "status": "held",
      "participants": [
        {"actor": "ALB", "role": "party"},
        {"actor": "AND", "role": "party"},
        {"actor": "ARM", "role": "party"},
        {"actor": "AUT", "role": "party"},
        {"actor": "AZE", "role": "party"},
        {"actor": "BEL", "role": "party"},
        {"actor": "BGR", "role": "party"},
        {"actor": "BIH", "role": "party"},
        {"actor": "BLR", "role": "party"},
        {"actor": "CAN", "role": "party"},
        {"actor": "CHE", "role": "party"},
        {"actor": "CYP", "role": "party"},
        {"actor": "CZE", "role": "party"},
        {"actor": "DEU", "role": "party"},
        {"actor": "DNK", "role": "party"},
        {"actor": "ESP", "role": "party"},
        {"actor": "EST", "role": "party"},
        {"actor": "FIN", "role": "party"},
        {"actor": "FRA", "role": "party"},
        {"actor": "GBR", "role": "party"},
        {"actor": "GEO", "role": "party"},
        {"actor": "GRC", "role": "party"},
        {"actor": "HRV", "role": "party"},
        {"actor": "HUN", "role": "party"},
        {"actor": "IRL", "role": "party"},
        {"actor": "ISL", "role": "party"},
        {"actor": "ITA", "role": "party"},
        {"actor": "KAZ", "role": "party"},
        {"actor": "KGZ", "role": "party"},
        {"actor": "LIE", "role": "party"},
        {"actor": "LTU", "role": "party"},
        {"actor": "LUX", "role": "party"},
        {"actor": "LVA", "role": "party"},
        {"actor": "MCO", "role": "party"},
        {"actor": "MDA", "role": "party"},
        {"actor": "MKD", "role": "party"},
        {"actor": "MLT", "role": "party"},
        {"actor": "MNE", "role": "party"},
        {"actor": "MNG", "role": "party"},
        {"actor": "NLD", "role": "party"},
        {"actor": "NOR", "role": "party"},
        {"actor": "POL", "role": "party"},
        {"actor": "PRT", "role": "party"},
        {"actor": "ROU", "role": "party"},
        {"actor": "RUS", "role": "party"},
        {"actor": "SMR", "role": "party"},
        {"actor": "SRB", "role": "party"},
        {"actor": "SVK", "role": "party"},
        {"actor": "SVN", "role": "party"},
        {"actor": "SWE", "role": "party"},
        {"actor": "TJK", "role": "party"},
        {"actor": "TKM", "role": "party"},
        {"actor": "TUR", "role": "party"},
        {"actor": "UKR", "role": "party"},
        {"actor": "USA", "role": "party"},
        {"actor": "UZB", "role": "party"},
        {"actor": "VAT", "role": "party"}
      ],
      "sources": [
        {"publisher": "Press TV", "published": "2021-12-30", "by": "zakharova"}
      ],
      "cameo": "046"
    }
  ]
}
]==]
