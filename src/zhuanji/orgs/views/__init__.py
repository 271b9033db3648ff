"""Views by audience: platform admins, organisation admins (users), units, and every logged-in user."""
