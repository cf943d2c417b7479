"""A small corpus written for the corpus-layer tests: one army commander spelt three ways and once by his
surname alone, a foreign minister who shares his surname (and is once named by it alone), an authority introduced
with its acronym in one article and named by the acronym alone in another, and a wire story republished twice
(once edited, once cut short)."""

from __future__ import annotations

WIRE = (
    "Lebanese army commander Gen. Youssef Khoury said on Monday that two brigades had been moved to the southern "
    "border after three nights of shelling near the village of Marjayoun. Khoury told reporters at the defence "
    "ministry that the deployment was temporary and that the army would withdraw once the shelling stopped. "
    "The National Water Authority (NWA) warned that the shelling had damaged a pumping station that supplies "
    "drinking water to about forty thousand people in the south, and said repair crews could not reach it. "
    "Residents said they had spent the nights in basements and that several houses had been hit. A farmer who "
    "gave his name as Karim said the fields along the river had been left unplanted for the season. "
    "The United Nations peacekeeping mission said it had protested the shelling to both sides and called for "
    "restraint. Officials in Beirut said the cabinet would meet on Wednesday to discuss compensation for the "
    "families whose homes were destroyed, and that the prime minister would visit the area later in the week. "
    "The commander said the army had no intention of escalating and that its orders were to protect civilians."
)

ARTICLES = [
    {"id": "hw-0304", "outlet": "Harbour Wire", "date": "2024-03-04", "title": "Army moves brigades south",
     "text": "BEIRUT (Harbour Wire) — " + WIRE},
    {"id": "ct-0304", "outlet": "Coastal Times", "date": "2024-03-04", "title": "Lebanon sends troops to border",
     "text": "By Coastal Times staff and Harbour Wire. " + WIRE.replace("about forty thousand", "some 40,000")
     .replace("several houses had been hit", "at least six houses had been hit") + " Coastal Times contributed."},
    {"id": "el-0305", "outlet": "Evening Ledger", "date": "2024-03-05", "title": "Troops deployed to the south",
     "text": WIRE[:WIRE.index("The United Nations")].strip()},
    {"id": "cp-0306", "outlet": "Cedar Post", "date": "2024-03-06", "title": "Army chief meets Jordanian minister",
     "text": "Lebanese army chief Yusuf Khouri met Jordanian Foreign Minister Leila Khoury in Amman on Wednesday to "
             "discuss the security of the border region. Khouri said the army had stabilised the south. Leila Khoury "
             "said Jordan would send medical supplies to the villages that were shelled last week."},
    {"id": "ad-0307", "outlet": "Amman Daily", "date": "2024-03-07", "title": "Jordan pledges aid",
     "text": "Jordanian Foreign Minister Khoury said on Thursday that Jordan would send two convoys of medical "
             "supplies to southern Lebanon. The minister spoke after a cabinet meeting in Amman, where the "
             "government also approved a new budget for refugee schools."},
    {"id": "dr-0307", "outlet": "Desert Review", "date": "2024-03-07", "title": "Commander rules out escalation",
     "text": "The Lebanese army commander, General Khoury, said on Thursday that the army would not escalate on "
             "the southern border. General Khoury said his troops would stay in the villages until the shelling "
             "ended, and that engineers would help repair the damaged pumping station."},
    {"id": "cp-0308", "outlet": "Cedar Post", "date": "2024-03-08", "title": "Water supply restored",
     "text": "The NWA said on Friday that water supply had been restored to most villages in the south after "
             "engineers repaired the pumping station. The NWA said it would install a second pump by the end of "
             "the month. Army commander Youssef el-Khouri visited the station on Friday afternoon."},
]
