"""
Plain helpers that know nothing of Casetracker's models or apps, and import
nothing of ours: EDTF dates, name folding and match keys, photo cleaning.
Any layer may use them; migrations may import them.
"""
