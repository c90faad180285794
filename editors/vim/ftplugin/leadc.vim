" leadc rule files: two-space indentation and # comments, as `leadc fmt` writes them.
" `gq` (and :%!leadc fmt) reformats through `leadc fmt`, which reads stdin when given no file.
if exists("b:did_ftplugin")
  finish
endif
let b:did_ftplugin = 1

setlocal expandtab shiftwidth=2 softtabstop=2 commentstring=#\ %s comments=:#
setlocal formatprg=leadc\ fmt
let b:undo_ftplugin = "setlocal expandtab< shiftwidth< softtabstop< commentstring< comments< formatprg<"
