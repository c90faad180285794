" Rule files of leadc: *.score
autocmd BufRead,BufNewFile *.score setfiletype leadc
