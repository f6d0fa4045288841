import PlaybookLanguage
print("playbook")
