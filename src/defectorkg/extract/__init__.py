"""Extraction: :func:`extract` turns an :class:`~defectorkg.model.Article` into :class:`~defectorkg.model.Records`.

Rules over the words of each entry, plus data files in ``data/gazetteers/`` (places, organizations,
surnames, role words, kinship and associate words, group nouns, event triggers); no rdflib here.
:func:`describe` says, per entry, what it yielded (for the build report).

How an entry is read (``entry.RULES`` lists the steps in this order):

1. ``text``: citation markers blanked (offsets kept), sentences, and every mention found once:
   gazetteer places and organizations, embassies and camps by rule, Korean names, dates
   (relative ones resolved against the date written before them), durations, trigger phrases.
   The entry's words are listed once (``scan``); a pattern is tried only at the words it can
   begin with, read from the pattern itself (``scan.first_words``), with the same matches as a
   scan of every position.
2. ``works``: titles first, so "Pyongyang" in "The Aquariums of Pyongyang" is no place mention.
3. ``subjects`` (with ``grammar``): the defectors: the subject phrase when it names a person or
   reads as a label, else the noun phrase before the first verb of movement, else a name after
   its verb ("Among the diplomats … was X"), else the grammatical subject of the first clause
   past opening adverbials and participial clauses; a description set off by commas next to a
   name is that person's ("… by X, a former guard who …", "Pyongyang's envoy, X, defected");
   names coordinated with the subject ("X and Y", "X, Y and Z") defected too; a group phrase
   (a count, "a couple", "a pair") is one Group.
4. ``people``, ``kin``, ``roles``: every name, family name alone, pronoun and "the colonel" becomes
   a reference to a person; relatives and associates; roles and affiliations.
5. ``events``: each trigger owns the words up to the next trigger or clause boundary; its
   dates, places, organizations and durations are the event's; the person is the nearest
   subject before the trigger.
5b. ``memberships``: a role word or service verb right before an organization ("a colonel of
   the …", "served … in the …", "elected to the …"), "X of the Y" chains, a branch before a rank
   ("Air force senior lieutenant"), a diplomat's unnamed embassy: memberships of anyone named.
6. ``companions``: who went along with each move (relatives written with the subject or after
   "with", named co-defectors, partners "alongside" someone) and the movers' ages at defection.
7. ``routes``: route cues become route steps (kind from the place crossed or reached, from the
   means, from an embassy, or a third country), copied to every defector's defection event and
   closed by the arrival.

Decisions where the issue was silent (each also stated where it is implemented):

* Event keys within an entry: each defector's defection, its route steps and its arrival, then
  the life events in text order.  Defectors that went together share one route, copied.
* A defection event is dated by the arrival date (the date the article lists it under).
* A relative written without a name who went along ("with her son") is an individual defector;
  a collective one ("his family", "their five children") is one anonymous Person
  ("family of Kang Chol-hwan", description "entire family"), kin "relative"/"child", a
  "companion" participant of the defection or a participant of the event it shares
  (imprisonment), and never a defector record, since its members are not individuals.
* "<kin> of X" with X's gender unknown takes the male label ("nephew of X": uncle, "son of X":
  father), as the lead decided for uncle.
* "fled/escaped to China" (a neighbouring country, gazetteer column ``crossing``) is a border
  crossing; "went to / left … in / via / through" a country is a third-country transit, one step
  per country; a stay in the country a border crossing led into is the same step.
* A group that is named but only posed as defectors keeps ``Group.defector`` False and has no
  defection; its entry is reported as "no-defector".
* Embassies are organizations named "<demonym> Embassy in <city>", their country the one they
  represent; publishers and organizations share one key ("organization/chosun-ilbo").
* Every entry under a year is about a defection: when no rule names a defector, the grammatical
  subject of the first clause is the defector (a named person, a labelled anonymous person, or a
  group); an anonymous label keeps an anonymity note in brackets as written ("… (name withheld)"),
  without the adverbs that belong to the verb ("at last").
* Coordinated names are co-defectors of the first one, both ways, and share the entry's route;
  an apposition after the list ("three workers from …") gives each of them its role (singular).
* Route kinds from context: an aircraft flown by someone ("An An-2 was flown … by Captain X") is
  that person's flight; a swim or a boat across a river of the land border (Tumen, Yalu) is a
  border crossing, across the sea border a sea crossing; "flown to Seoul from Bangkok" makes
  Thailand a transit (being flown as a passenger is no flight); a move written in an "after …"
  clause comes before the moves its sentence writes ahead of it.
* Dates: a date written once in an entry, in its section year and claimed by no move or life
  event ("…, the Joint Chiefs of Staff said on 2 August"), dates the arrival and the undated
  crossings straight into the South; a landing date ("… and landed at X on 16 May") dates the
  flight of its sentence; "later that year" with no date before it is the section year; "from
  1998 to 2002" gives an event its start and end.
* The subject is found by structure before the shape of its name: the phrase before the
  separator, or the words opening the body before a bracket and a comma, is a name in any script
  (Hangul, McCune-Reischauer apostrophes, accents, Western order) once a leading rank is set aside
  as a role; "X (born Y)", "X (Y)" and "under the name Y" are other names of X.
* Who went along: relatives after "with"/"alongside", relatives a defector went back to "lead",
  "bring" or "fetch", and relatives listed with the subject before any verb ("X, his wife Y and
  their son Z fled"); "His wife Y defected with him" makes Y a defector too.  "their" children
  are both spouses', "their" parents both siblings'.  Relatives left behind or sent back are
  relatives only.  A group counts those who stayed ("the other two stayed").
* Associates: crew ("rear gunner", "radio operator") and "a fellow agent, X" are colleagues,
  "bodyguard to X" makes the described person X's aide, and a named non-relative whose verb helps
  the defector or the defector's relatives ("paid their fines") is the defector's rescuer.
* Citations back what they back: the entry's references back its defectors; a sentence's
  references back the relatives whose tie it states; a person named in passing is backed by none.
* An apposition after a name describes that name ("sister of B, the widow of a general and mother
  of two pilots": B is a widow and a mother, so a woman); an age in the subject's apposition
  ("X, 23," / "X, a 24-year-old pilot,"), "was 11 when she crossed" and "two-year-old daughter Y"
  (who went along) are ages at defection; ages at death or at other events are not.
* A crossing's place is what it crosses, never the country reached; a move abroad after the
  arrival (dated later, or "moved/settled" written after reaching the South) is an ``emigration``
  event, not a transit; a detention abroad on the way is a transit unless it ended an attempt;
  with no place in the South in the entry's words, the arrival is in the South, whatever the
  article's title says.
* "sentenced to death" is a ``sentencing``, not a death; an execution is an ``execution`` (a
  Death in the ontology); descriptions end on whole phrases, never inside a word or on "and has".
* A one-syllable given name counts after a known family name ("An Hyuk") unless the two words
  are a gazetteer name ("Hong Kong"); a Hangul name in brackets after a name is the same
  person's; a name after a role word ("the activist Tim A. Peters") is a person, in any script.
"""

from __future__ import annotations

from .article import describe, extract

__all__ = ["describe", "extract"]
