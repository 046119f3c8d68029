"""A small gazetteer: countries, regions and tech-hub cities, with canonical names."""

from __future__ import annotations

import re

# alias -> canonical; matched case-sensitively as whole words.
COUNTRIES: dict[str, str] = {
    "UK": "United Kingdom",
    "U.K.": "United Kingdom",
    "United Kingdom": "United Kingdom",
    "Great Britain": "United Kingdom",
    "England": "United Kingdom",
    "Scotland": "United Kingdom",
    "US": "United States",
    "U.S.": "United States",
    "USA": "United States",
    "U.S.A.": "United States",
    "United States": "United States",
    "United States of America": "United States",
    "America": "United States",
    "Canada": "Canada",
    "Mexico": "Mexico",
    "Brazil": "Brazil",
    "Argentina": "Argentina",
    "Colombia": "Colombia",
    "Chile": "Chile",
    "Peru": "Peru",
    "Uruguay": "Uruguay",
    "Costa Rica": "Costa Rica",
    "Ireland": "Ireland",
    "Germany": "Germany",
    "France": "France",
    "Spain": "Spain",
    "Portugal": "Portugal",
    "Italy": "Italy",
    "Netherlands": "Netherlands",
    "the Netherlands": "Netherlands",
    "Belgium": "Belgium",
    "Switzerland": "Switzerland",
    "Austria": "Austria",
    "Poland": "Poland",
    "Czech Republic": "Czech Republic",
    "Czechia": "Czech Republic",
    "Slovakia": "Slovakia",
    "Hungary": "Hungary",
    "Romania": "Romania",
    "Bulgaria": "Bulgaria",
    "Greece": "Greece",
    "Croatia": "Croatia",
    "Serbia": "Serbia",
    "Slovenia": "Slovenia",
    "Ukraine": "Ukraine",
    "Estonia": "Estonia",
    "Latvia": "Latvia",
    "Lithuania": "Lithuania",
    "Finland": "Finland",
    "Sweden": "Sweden",
    "Norway": "Norway",
    "Denmark": "Denmark",
    "Iceland": "Iceland",
    "Cyprus": "Cyprus",
    "Malta": "Malta",
    "Luxembourg": "Luxembourg",
    "Turkey": "Turkey",
    "Israel": "Israel",
    "UAE": "United Arab Emirates",
    "United Arab Emirates": "United Arab Emirates",
    "Egypt": "Egypt",
    "Nigeria": "Nigeria",
    "Kenya": "Kenya",
    "South Africa": "South Africa",
    "India": "India",
    "Pakistan": "Pakistan",
    "Bangladesh": "Bangladesh",
    "Sri Lanka": "Sri Lanka",
    "Singapore": "Singapore",
    "Malaysia": "Malaysia",
    "Indonesia": "Indonesia",
    "Philippines": "Philippines",
    "the Philippines": "Philippines",
    "Vietnam": "Vietnam",
    "Thailand": "Thailand",
    "Japan": "Japan",
    "South Korea": "South Korea",
    "Korea": "South Korea",
    "China": "China",
    "Hong Kong": "Hong Kong",
    "Taiwan": "Taiwan",
    "Australia": "Australia",
    "New Zealand": "New Zealand",
}
REGIONS: dict[str, str] = {
    "EU": "European Union",
    "European Union": "European Union",
    "Europe": "Europe",
    "EMEA": "EMEA",
    "EEA": "EEA",
    "LATAM": "Latin America",
    "LatAm": "Latin America",
    "Latin America": "Latin America",
    "South America": "South America",
    "Central America": "Central America",
    "North America": "North America",
    "the Americas": "Americas",
    "Americas": "Americas",
    "APAC": "APAC",
    "Asia": "Asia",
    "Asia Pacific": "APAC",
    "Asia-Pacific": "APAC",
    "Africa": "Africa",
    "Middle East": "Middle East",
    "Nordics": "Nordics",
    "Scandinavia": "Nordics",
    "CEE": "Central and Eastern Europe",
    "Eastern Europe": "Eastern Europe",
    "Western Europe": "Western Europe",
    "Central Europe": "Central Europe",
    "DACH": "DACH",
    "Balkans": "Balkans",
    "Baltics": "Baltics",
}
PLACES: dict[str, str] = {**COUNTRIES, **REGIONS}


def _cities() -> frozenset[str]:
    raw = """London|Manchester|Edinburgh|Glasgow|Bristol|Leeds|Birmingham|Cambridge|Oxford|Belfast|
    Cardiff|Brighton|Newcastle|Sheffield|Nottingham|Liverpool|Reading|Dublin|Cork|Galway|Paris|
    Lyon|Berlin|Munich|Hamburg|Frankfurt|Cologne|Stuttgart|Düsseldorf|Leipzig|Amsterdam|Rotterdam|
    Utrecht|Eindhoven|Brussels|Antwerp|Zurich|Zürich|Geneva|Basel|Lausanne|Vienna|Prague|Brno|
    Bratislava|Budapest|Warsaw|Kraków|Krakow|Wrocław|Wroclaw|Gdańsk|Gdansk|Poznań|Poznan|Łódź|
    Lodz|Katowice|Bucharest|Cluj|Cluj-Napoca|Sofia|Athens|Belgrade|Zagreb|Ljubljana|Kyiv|Kiev|
    Lviv|Tallinn|Riga|Vilnius|Helsinki|Stockholm|Gothenburg|Malmö|Oslo|Copenhagen|Aarhus|
    Reykjavik|Lisbon|Porto|Braga|Madrid|Barcelona|Valencia|Seville|Málaga|Malaga|Milan|Rome|
    Turin|Bologna|Limassol|Nicosia|Valletta|Istanbul|Ankara|Tel Aviv|Haifa|Jerusalem|Dubai|
    Cairo|Lagos|Nairobi|Johannesburg|Cape Town|Bangalore|Bengaluru|Mumbai|Pune|Hyderabad|Chennai|
    Delhi|New Delhi|Gurgaon|Gurugram|Noida|Kolkata|Ahmedabad|Tokyo|Osaka|Seoul|Beijing|
    Shanghai|Shenzhen|Taipei|Manila|Jakarta|Bangkok|Hanoi|Ho Chi Minh City|Sydney|Melbourne|
    Brisbane|Perth|Auckland|Wellington|Toronto|Vancouver|Montreal|Montréal|Ottawa|Calgary|
    Waterloo|Edmonton|Halifax|Winnipeg|Seattle|Portland|Denver|Boulder|Austin|Dallas|Houston|
    Chicago|Boston|Atlanta|Miami|Philadelphia|Pittsburgh|Detroit|Minneapolis|Nashville|Raleigh|
    Durham|Charlotte|Phoenix|Salt Lake City|San Francisco|San Jose|San Diego|Los Angeles|
    Palo Alto|Mountain View|Menlo Park|Sunnyvale|Santa Clara|Oakland|Berkeley|Sacramento|Irvine|
    New York|New York City|NYC|Brooklyn|Washington|Washington, D.C.|Baltimore|Columbus|Cleveland|
    Cincinnati|Indianapolis|St. Louis|Kansas City|Omaha|Madison|Ann Arbor|Richmond|Tampa|
    Orlando|Las Vegas|Honolulu|Mexico City|Guadalajara|Monterrey|Bogotá|Bogota|Medellín|
    Medellin|Lima|Santiago|Buenos Aires|Montevideo|São Paulo|Sao Paulo|Rio de Janeiro|
    Florianópolis|Belo Horizonte|Curitiba|Porto Alegre|Recife|Singapore|Hong Kong|Luxembourg"""
    return frozenset(c.strip() for c in raw.replace("\n", "").split("|") if c.strip())


CITY_SET: frozenset[str] = _cities()


def _alternation(names: set[str] | frozenset[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


PLACE_RX = re.compile(rf"(?<![\w.])(?:{_alternation(set(PLACES))})(?![\w])")
CITY_RX = re.compile(rf"(?<![\w.])(?:{_alternation(CITY_SET)})(?![\w])")
