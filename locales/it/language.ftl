# The language itself: its name in the language switch, and the market code Microsoft's pages take in `mkt`.
language-name = Italiano
lang-market = it-IT

## Counts, by the language's plural rules ($count: a number).

count-accounts = {$count} account
count-methods = { $count ->
    [one] {$count} metodo
   *[other] {$count} metodi
}
