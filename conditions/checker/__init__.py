"""The symptom checker: questions a step at a time, curated rules, one outcome.

- ``answers``: read and check the reader's answers from the query string (every step and
  result has a shareable address), and write them back for the next step;
- ``steps``: the questions, one per page, and what each requires;
- ``warning_signs``: which symptoms are warning signs, derived from the rules, and the
  checks that keep the rules sound;
- ``scoring``: possible causes, best fit first;
- ``outcome``: the one level of care, decided by the curated rules alone;
- ``views``: the step pages and the result page;
- ``admin``: the rules' inline on the condition's admin page, with the project's checks;
- ``signals``: keeps the derived warning signs in step as editors change rules.

The method is explained in ``docs/symptom-checker.md``. No condition is named in code:
everything comes from what editors curate.
"""
