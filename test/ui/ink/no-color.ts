// Imported first by Ink tests: frames without colour codes even where CI forces colour (GitHub Actions).
process.env.FORCE_COLOR = '0';
