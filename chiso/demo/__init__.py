"""The demo: real units and frameworks, campaigns in every state and the published Đắk Nông 2019
story, loaded by ``chiso demo`` (``make run``) and by the tests that check the demo itself.

- ``load``: accounts, units and agencies, and the order in which the stories below are loaded;
- ``answers``: plausible criterion values that reach a unit's published group points;
- ``results``: the Đắk Nông 2018–2019 results story (the published decisions' figures);
- ``states``: invented campaigns so that every campaign and form state can be tried;
- ``y2026``: Lâm Đồng's 2026 campaign under the province's own digital-transformation index;
- ``sources``: a data-providing agency's values and a field visit in that campaign.

Nothing outside this package and the command that loads it imports it at run time.
"""
