# The language itself: its name in the language switch, and the market code Microsoft's pages take in `mkt`.
language-name = English
# Lifeboat writes British English.
lang-market = en-GB

## Counts, by the language's plural rules ($count: a number).

count-accounts = { $count ->
    [one] {$count} account
   *[other] {$count} accounts
}
count-methods = { $count ->
    [one] {$count} method
   *[other] {$count} methods
}
