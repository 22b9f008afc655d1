"""A virtual card's persistent state as a JSON file (--state) and its fixture files, shared by the
PIV and OpenPGP cards."""

import json
import os


class SavedState:
    """Mixed into a card's State, which provides to_json() and from_json(dict)."""

    path = None

    @classmethod
    def restore_or(cls, state_path, provision):
        """A saved state wins over provisioning, so counters survive a restart of the card."""
        if state_path and os.path.exists(state_path):
            with open(state_path) as f:
                st = cls.from_json(json.load(f))
        else:
            st = provision()
        st.path = state_path
        st.save()
        return st

    def save(self):
        if not self.path:
            return
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.to_json(), f, indent=1)
        os.replace(tmp, self.path)  # atomic: a card killed mid-write keeps the old state


def read_fixture(directory, name):
    """The bytes of a fixture file, or None when there is no such file (or no fixture)."""
    path = os.path.join(directory, name) if directory else None
    if not path or not os.path.exists(path):
        return None
    with open(path, "rb") as f:
        return f.read()
