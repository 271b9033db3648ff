"""State changes for regions, organisations, units and their users; each checks permission and is audited."""
