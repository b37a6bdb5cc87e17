"""Words news copy uses for the same thing, so two outlets' wording can meet.

Each group is one token to the aligner: "picked", "appointed", "named" and
"tapped" all become ~appoint. Only words whose news sense is nearly always
the same are grouped; a word in no group stays its own stem.
"""

from __future__ import annotations

from .tokens import stem

SYNONYM_GROUPS: dict[str, tuple[str, ...]] = {
    "appoint": ("appoint", "appointed", "appointment", "name", "named", "pick", "picked",
                "tap", "tapped", "choose", "chose", "chosen", "select", "selected"),
    "criticize": ("criticize", "criticise", "criticized", "criticism", "attack", "attacked",
                  "slam", "slammed", "blast", "blasted", "condemn", "condemned", "denounce",
                  "denounced", "lambaste", "lambasted", "rebuke", "rebuked"),
    "resign": ("resign", "resigned", "resignation", "quit", "depart",
               "departure"),
    "elect": ("elect", "elected", "election", "vote", "voted", "ballot", "poll", "polls"),
    "win": ("win", "won", "victory", "defeat", "defeated", "beat"),
    "lose": ("lose", "lost", "loss"),
    "rise": ("rise", "rose", "increase", "increased", "grow", "grew", "climb", "climbed",
             "jump", "jumped", "surge", "surged"),
    "fall": ("fall", "fell", "decrease", "decreased", "drop", "dropped", "decline",
             "declined", "plunge", "plunged"),
    "kill": ("kill", "killed", "die", "died", "dead", "death", "deaths", "fatal"),
    "arrest": ("arrest", "arrested", "detain", "detained", "detention", "custody"),
    "charge": ("charge", "charged", "indict", "indicted", "indictment", "accuse", "accused"),
    "plead": ("plead", "pleaded", "pled", "plea", "admit", "admitted", "acknowledge",
              "acknowledged", "confess", "confessed"),
    "prison": ("prison", "jail", "jailed", "imprisonment", "imprisoned", "sentence",
               "sentenced"),
    "lawsuit": ("lawsuit", "suit", "sue", "sued", "litigation"),
    "capture": ("capture", "captured", "seize", "seized", "catch", "caught"),
    "soldier": ("soldier", "soldiers", "troop", "troops", "fighter", "fighters"),
    "deploy": ("deploy", "deployed", "deployment", "dispatch", "dispatched"),
    "cut": ("cut", "cuts", "slash", "slashed", "reduce", "reduced", "reduction", "trim",
            "trimmed"),
    "spend": ("spend", "spent", "spending", "misuse", "misused", "divert", "diverted"),
    "money": ("money", "funds", "fund", "cash", "dollars"),
    "law": ("law", "legislation", "bill", "measure", "statute"),
    "approve": ("approve", "approved", "pass", "passed", "adopt", "adopted", "ratify",
                "ratified", "endorse", "endorsed"),
    "reject": ("reject", "rejected", "refuse", "refused", "deny", "denied", "oppose",
               "opposed", "opposition"),
    "meet": ("meet", "met", "meeting", "talks", "summit"),
    "announce": ("announce", "announced", "announcement", "unveil", "unveiled", "declare",
                 "declared"),
    "investigate": ("investigate", "investigated", "investigation", "probe", "inquiry"),
    "report": ("report", "reported", "study", "review", "findings"),
    "warn": ("warn", "warned", "warning", "caution", "cautioned"),
    "support": ("support", "supported", "backed", "endorsement"),
    "president": ("president", "presidential"),
    "congress": ("congress", "congressional", "lawmakers", "legislators", "legislature"),
    "governor": ("governor", "gubernatorial"),
    "senator": ("senator", "senate"),
    "representative": ("representative", "congressman", "congresswoman"),
    "campaign": ("campaign", "campaigned", "race", "candidacy", "bid"),
    "court": ("court", "justices", "judge", "judges", "tribunal"),
    "woman": ("woman", "women", "female"),
    "job": ("job", "jobs", "employment", "unemployment", "hiring", "workers"),
    "tax": ("tax", "taxes", "taxation"),
}

# stem → group token
GROUP_OF: dict[str, str] = {}
for _group, _words in SYNONYM_GROUPS.items():
    for _word in _words:
        GROUP_OF.setdefault(stem(_word), "~" + _group)


def canonical(stemmed: str) -> str:
    """The token a stem stands for: its synonym group, or itself."""
    return GROUP_OF.get(stemmed, stemmed)
