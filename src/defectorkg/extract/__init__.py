"""Extraction: :func:`extract` turns an :class:`~defectorkg.model.Article` into :class:`~defectorkg.model.Records`.

Rules over the words of each entry, plus data files in ``data/gazetteers/`` (places, organizations,
surnames, role words, kinship and associate words, group nouns, event triggers); no rdflib here.
:func:`describe` says, per entry, what it yielded (for the build report).

How an entry is read (``entry.py`` runs the steps in this order):

1. ``text``: citation markers blanked (offsets kept), sentences, and every mention found once:
   gazetteer places and organizations (one trie-shaped expression), embassies and camps by rule,
   Korean names, dates (relative ones resolved against the date written before them), durations,
   trigger phrases (only the triggers whose words the entry contains are tried).
2. ``works``: titles first, so "Pyongyang" in "The Aquariums of Pyongyang" is no place mention.
3. ``subjects``: the defectors: the subject phrase when it names a person or reads as a label,
   else the noun phrase before the first verb of movement; a group phrase is one Group.
4. ``people``, ``kin``, ``roles``: every name, family name alone, pronoun and "the colonel" becomes
   a reference to a person; relatives and associates; roles and affiliations.
5. ``events``: each trigger owns the words up to the next trigger or clause boundary; its
   dates, places, organizations and durations are the event's; the person is the nearest
   subject before the trigger.
6. ``routes``: route cues become route steps (kind from the place crossed or reached, from the
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
"""

from __future__ import annotations

from .article import describe, extract

__all__ = ["describe", "extract"]
