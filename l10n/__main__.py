from l10n.launch import main

main()
