"""Round pages: the community's rounds, opening one, a round's own page (with a member's pod
once published), opting in, and the hosts' review of the proposed pods."""
