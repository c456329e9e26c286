"""Who is at the keyboard: sign-in, switching user, the idle lock and the unlock."""
