" Vim syntax file for leadc lead-scoring rule files (*.score).
" Install: copy editors/vim/* into ~/.vim/ (or a plugin manager's directory).

if exists("b:current_syntax")
  finish
endif

syn keyword leadcDeclaration model version score range import input record missing_values key timestamp from
syn keyword leadcDeclaration const def rule group tier test nextgroup=leadcName skipwhite
syn keyword leadcClause when each where within then decay half_life linear step since cap floor otherwise
syn keyword leadcClause as_of given file expect fired rejected
syn keyword leadcOperator and or not in is missing present contains starts_with ends_with matches
syn keyword leadcBoolean true false
syn keyword leadcType enum list bool number int string time duration
syn match leadcName "\<[A-Za-z_][A-Za-z0-9_]*\>" contained
syn match leadcBuiltin "\<\(lower\|upper\|trim\|len\|domain\|local_part\|abs\|round\|floor\|ceil\|log\|sqrt\|min\|max\|clamp\|days_since\|hours_since\|age\|keyboard_run\|lines\|count\|any\|all\|none\|sum\|avg\|first\|last\|count_distinct\)\ze\s*("

syn match leadcNumber "\<\d[0-9_]*\(\.\d[0-9_]*\)\=\([smhdw]\>\)\="
syn match leadcTime "@\d[0-9A-Za-z:.+-]*"
" A regex is /…/flags where the / is followed by a non-space; division is written ` / `.
syn match leadcRegex "/[^ \t/*]\([^/\\[]\|\\.\|\[\([^]\\]\|\\.\)*\]\)*/[A-Za-z0-9_]*"
syn match leadcOperatorSymbol "==\|!=\|<=\|>=\|??\|\.\.\|[-+*%<>=?]"

syn match leadcEscape +\\\(["\\/bfnrt]\|u\x\{4}\)+ contained
syn region leadcString start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ oneline contains=leadcEscape
syn match leadcComment "#.*$" contains=@Spell

hi def link leadcDeclaration Keyword
hi def link leadcClause Statement
hi def link leadcOperator Operator
hi def link leadcOperatorSymbol Operator
hi def link leadcBoolean Boolean
hi def link leadcType Type
hi def link leadcName Identifier
hi def link leadcBuiltin Function
hi def link leadcNumber Number
hi def link leadcTime Constant
hi def link leadcRegex String
hi def link leadcString String
hi def link leadcEscape SpecialChar
hi def link leadcComment Comment

let b:current_syntax = "leadc"
