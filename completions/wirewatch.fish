function __wirewatch_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __wirewatch_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __wirewatch_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __wirewatch_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __wirewatch_parse_tokens -S
    set -l unparsed_tokens (__wirewatch_tokens -pc)
    switch $unparsed_tokens[1]
    case 'wirewatch'
        __wirewatch_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'query'
            __wirewatch_parse_subcommand 0 'store=' 'db=' 'password-file=' 'origin=' 'no-index' 'entity=' 'exact' 'type=' 'since=' 'until=' 'path=' 'status=' 'format=' 'json' 'count' 'version' 'h/help'
        case 'tail'
            __wirewatch_parse_subcommand 0 'store=' 'n/lines=' 'f/follow' 'json' 'version' 'h/help'
        case 'entities'
            __wirewatch_parse_subcommand 0 'store=' 'db=' 'password-file=' 'origin=' 'no-index' 'type=' 'top=' 'all-types' 'format=' 'version' 'h/help'
        case 'related'
            __wirewatch_parse_subcommand 1 'store=' 'db=' 'password-file=' 'origin=' 'no-index' 'type=' 'top=' 'all-types' 'exact' 'format=' 'version' 'h/help'
        case 'timeline'
            __wirewatch_parse_subcommand 1 'store=' 'db=' 'password-file=' 'origin=' 'by=' 'since=' 'until=' 'exact' 'type=' 'csv' 'format=' 'version' 'h/help'
        case 'graph'
            __wirewatch_parse_subcommand 0 'store=' 'db=' 'password-file=' 'origin=' 'type=+' 'min-articles=' 'since=' 'until=' 'format=' 'version' 'h/help'
        case 'show'
            __wirewatch_parse_subcommand 1 'store=' 'inbox=' 'json' 'no-text' 'entity=' 'exact' 'version' 'h/help'
        case 'stats'
            __wirewatch_parse_subcommand 0 'store=' 'inbox=' 'version' 'h/help'
        case 'extract'
            __wirewatch_parse_subcommand -r 1 'format=' 'max-bytes=' 'dictionary=' 'jobs=' 'version' 'h/help'
        case 'ship'
            __wirewatch_parse_subcommand 0 'to=' 'store=' 'origin=' 'once' 'password-file=' 'batch=' 'connections=' 'version' 'h/help'
        case 'help'
            __wirewatch_parse_subcommand -r 1 'version'
        end
    end
end

function __wirewatch_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __wirewatch_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __wirewatch_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __wirewatch_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__wirewatch_tokens -p)
    if test -z "$(__wirewatch_tokens -t)"
        set -l index (count (__wirewatch_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'wirewatch' -f
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch" version' -l 'version' -d 'Show the version.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_positional "wirewatch" -eq 1' -fa 'query' -d 'List the records that match every filter given.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_positional "wirewatch" -eq 1' -fa 'tail' -d 'Show the last records, and with -f the new ones as they land.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_positional "wirewatch" -eq 1' -fa 'entities' -d 'Rank the most mentioned entities across the store.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_positional "wirewatch" -eq 1' -fa 'related' -d 'Rank the entities that share articles with NAME.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_positional "wirewatch" -eq 1' -fa 'timeline' -d 'Count the articles naming NAME, and its mentions, per day, week, month or year.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_positional "wirewatch" -eq 1' -fa 'graph' -d 'Write the co-occurrence network of the store\'s entities (GraphML, GEXF or DOT).'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_positional "wirewatch" -eq 1' -fa 'show' -d 'Show one record, and the article\'s text with its entities highlighted.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_positional "wirewatch" -eq 1' -fa 'stats' -d 'Summarise the store and what is waiting in the inbox.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_positional "wirewatch" -eq 1' -fa 'extract' -d 'Run the extractor on files and print their records, without the daemon.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_positional "wirewatch" -eq 1' -fa 'ship' -d 'Ship the store into PostgreSQL, each record exactly once, following it as it grows.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_positional "wirewatch" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch query" store' -l 'store' -d 'The store to read (default: $WIREWATCH_STORE, else ./store/articles.jsonl).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'jsonl\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch query" db' -l 'db' -d 'Ask this PostgreSQL database (filled by `wirewatch ship`) instead of the store file (default: $WIREWATCH_DB when set).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch query" password-file' -l 'password-file' -d 'Read the database password from FILE (mode 0600; default: the systemd credential pgpassword, else $PGPASSWORD).' -rF
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch query" origin' -l 'origin' -d 'With --db: only the records shipped from this origin (host).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch query" no-index' -l 'no-index' -d 'Scan the whole store instead of using its entity index (the answer is the same).'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch query" entity' -l 'entity' -d 'Articles naming this entity: a word or run of words of its name, or an alias.' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch query" exact' -l 'exact' -d 'Match --entity against whole names only (text, canonical name, aliases).'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch query" type' -l 'type' -d 'Articles with an entity of this type (PERSON, ORG, GPE, ...).' -rfka 'PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE DATE TIME PERCENT MONEY QUANTITY ORDINAL CARDINAL'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch query" since' -l 'since' -d 'Published (else ingested) on or after DATE.' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch query" until' -l 'until' -d 'Published (else ingested) on or before DATE.' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch query" path' -l 'path' -d 'Paths (relative to the inbox) matching this glob.' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch query" status' -l 'status' -d 'Records with this status.' -rfka 'ok rejected duplicate'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch query" format' -l 'format' -d 'table (aligned, the default on a terminal), tsv (the default when piped), csv or json (JSON lines).' -rfka 'table tsv csv json'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch query" json' -l 'json' -d 'Print the matching records as they are in the store (JSON lines); the same as --format json.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch query" count' -l 'count' -d 'Print only the number of matching records.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch query" version' -l 'version' -d 'Show the version.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch query" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch tail" store' -l 'store' -d 'The store to read (default: $WIREWATCH_STORE, else ./store/articles.jsonl).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'jsonl\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch tail" lines n' -s 'n' -l 'lines' -d 'How many of the last records to show.' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch tail" f follow' -l 'follow' -s 'f' -d 'Keep following new records as they are appended (stop with Ctrl-C).'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch tail" json' -l 'json' -d 'Print the records as they are in the store (JSON lines).'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch tail" version' -l 'version' -d 'Show the version.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch tail" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch entities" store' -l 'store' -d 'The store to read (default: $WIREWATCH_STORE, else ./store/articles.jsonl).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'jsonl\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch entities" db' -l 'db' -d 'Ask this PostgreSQL database (filled by `wirewatch ship`) instead of the store file (default: $WIREWATCH_DB when set).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch entities" password-file' -l 'password-file' -d 'Read the database password from FILE (mode 0600; default: the systemd credential pgpassword, else $PGPASSWORD).' -rF
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch entities" origin' -l 'origin' -d 'With --db: only the records shipped from this origin (host).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch entities" no-index' -l 'no-index' -d 'Scan the whole store instead of using its entity index (the answer is the same).'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch entities" type' -l 'type' -d 'Only entities of this type.' -rfka 'PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE DATE TIME PERCENT MONEY QUANTITY ORDINAL CARDINAL'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch entities" top' -l 'top' -d 'How many to show (0: all).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch entities" all-types' -l 'all-types' -d 'Include dates, times, money, quantities and numbers.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch entities" format' -l 'format' -d 'table (aligned, the default on a terminal), tsv (the default when piped), csv or json (JSON lines).' -rfka 'table tsv csv json'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch entities" version' -l 'version' -d 'Show the version.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch entities" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch related" store' -l 'store' -d 'The store to read (default: $WIREWATCH_STORE, else ./store/articles.jsonl).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'jsonl\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch related" db' -l 'db' -d 'Ask this PostgreSQL database (filled by `wirewatch ship`) instead of the store file (default: $WIREWATCH_DB when set).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch related" password-file' -l 'password-file' -d 'Read the database password from FILE (mode 0600; default: the systemd credential pgpassword, else $PGPASSWORD).' -rF
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch related" origin' -l 'origin' -d 'With --db: only the records shipped from this origin (host).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch related" no-index' -l 'no-index' -d 'Scan the whole store instead of using its entity index (the answer is the same).'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch related" type' -l 'type' -d 'Only related entities of this type.' -rfka 'PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE DATE TIME PERCENT MONEY QUANTITY ORDINAL CARDINAL'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch related" top' -l 'top' -d 'How many to show (0: all).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch related" all-types' -l 'all-types' -d 'Include dates, times, money, quantities and numbers.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch related" exact' -l 'exact' -d 'Match NAME against whole names only (text, canonical name, aliases).'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch related" format' -l 'format' -d 'table (aligned, the default on a terminal), tsv (the default when piped), csv or json (JSON lines).' -rfka 'table tsv csv json'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch related" version' -l 'version' -d 'Show the version.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch related" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch timeline" store' -l 'store' -d 'The store to read (default: $WIREWATCH_STORE, else ./store/articles.jsonl).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'jsonl\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch timeline" db' -l 'db' -d 'Ask this PostgreSQL database (filled by `wirewatch ship`) instead of the store file (default: $WIREWATCH_DB when set).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch timeline" password-file' -l 'password-file' -d 'Read the database password from FILE (mode 0600; default: the systemd credential pgpassword, else $PGPASSWORD).' -rF
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch timeline" origin' -l 'origin' -d 'With --db: only the records shipped from this origin (host).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch timeline" by' -l 'by' -d 'The length of a period.' -rfka 'day week month year'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch timeline" since' -l 'since' -d 'Articles dated on or after DATE (2023, 2023-09, 2023-09-11).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch timeline" until' -l 'until' -d 'Articles dated on or before DATE (2023, 2023-09, 2023-09-11).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch timeline" exact' -l 'exact' -d 'Match NAME against whole names only (text, canonical name, aliases).'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch timeline" type' -l 'type' -d 'Count only entities of this type that NAME matches (PERSON, ORG, GPE, ...).' -rfka 'PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE DATE TIME PERCENT MONEY QUANTITY ORDINAL CARDINAL'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch timeline" csv' -l 'csv' -d 'Write CSV with a header (the same as --format csv).'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch timeline" format' -l 'format' -d 'table, tsv, csv or json; on a terminal the default is a bar chart.' -rfka 'table tsv csv json'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch timeline" version' -l 'version' -d 'Show the version.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch timeline" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch graph" store' -l 'store' -d 'The store to read (default: $WIREWATCH_STORE, else ./store/articles.jsonl).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'jsonl\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch graph" db' -l 'db' -d 'Ask this PostgreSQL database (filled by `wirewatch ship`) instead of the store file (default: $WIREWATCH_DB when set).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch graph" password-file' -l 'password-file' -d 'Read the database password from FILE (mode 0600; default: the systemd credential pgpassword, else $PGPASSWORD).' -rF
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch graph" origin' -l 'origin' -d 'With --db: only the records shipped from this origin (host).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch graph"' -l 'type' -d 'Only entities of this type (repeat for several).' -rfka 'PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE DATE TIME PERCENT MONEY QUANTITY ORDINAL CARDINAL'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch graph" min-articles' -l 'min-articles' -d 'Only entities named in at least N articles.' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch graph" since' -l 'since' -d 'Articles published (else ingested) on or after DATE.' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch graph" until' -l 'until' -d 'Articles published (else ingested) on or before DATE.' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch graph" format' -l 'format' -d 'The file format.' -rfka 'graphml gexf dot'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch graph" version' -l 'version' -d 'Show the version.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch graph" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch show" store' -l 'store' -d 'The store to read (default: $WIREWATCH_STORE, else ./store/articles.jsonl).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'jsonl\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch show" inbox' -l 'inbox' -d 'The inbox the path is relative to (default: $WIREWATCH_INBOX, else ./inbox).' -rfa '(__wirewatch_complete_directories)'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch show" json' -l 'json' -d 'Print the record as it is in the store (one JSON line).'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch show" no-text' -l 'no-text' -d 'Leave out the article\'s text.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch show" entity' -l 'entity' -d 'List and highlight only this entity (a word or run of words of its name).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch show" exact' -l 'exact' -d 'Match --entity against whole names only (text, canonical name, aliases).'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch show" version' -l 'version' -d 'Show the version.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch stats" store' -l 'store' -d 'The store to read (default: $WIREWATCH_STORE, else ./store/articles.jsonl).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'jsonl\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch stats" inbox' -l 'inbox' -d 'The inbox to compare with (default: $WIREWATCH_INBOX, else ./inbox).' -rfa '(__wirewatch_complete_directories)'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch stats" version' -l 'version' -d 'Show the version.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch stats" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_positional "wirewatch extract" -ge 1' -F
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch extract" format' -l 'format' -d 'What to print: the record (a JSON line) or the text the extractor read.' -rfka 'record text'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch extract" max-bytes' -l 'max-bytes' -d 'Refuse files larger than this many bytes.' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch extract" dictionary' -l 'dictionary' -d 'A user dictionary (TYPE<TAB>canonical name[<TAB>alias...] a line) whose names are always recognised.' -rF
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch extract" jobs' -l 'jobs' -d 'Extract this many files at once (records in FILE order all the same); default: one per CPU the process may use.' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch extract" version' -l 'version' -d 'Show the version.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch extract" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch ship" to' -l 'to' -d 'The database to ship into.' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch ship" store' -l 'store' -d 'The store to read (default: $WIREWATCH_STORE, else ./store/articles.jsonl).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'jsonl\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch ship" origin' -l 'origin' -d 'The name of this host\'s records (default: the host name).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch ship" once' -l 'once' -d 'Ship what the store holds now, then exit.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch ship" password-file' -l 'password-file' -d 'Read the database password from FILE (mode 0600).' -rF
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch ship" batch' -l 'batch' -d 'Records per transaction (a kill or an outage costs at most one batch of work, never a record).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch ship" connections' -l 'connections' -d 'Connections writing batches side by side (each still commits in store order).' -rfka ''
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch ship" version' -l 'version' -d 'Show the version.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch ship" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'wirewatch' -n '__wirewatch_should_offer_completions_for_flags_or_options "wirewatch help" version' -l 'version' -d 'Show the version.'
