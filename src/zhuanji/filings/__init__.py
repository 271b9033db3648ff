"""评审工作事前备案: an evaluation committee's yearly plan, reviewed by the title office of its level; an approved
filing opens the application windows (`selectors.open_windows`) the title applications are made in."""
