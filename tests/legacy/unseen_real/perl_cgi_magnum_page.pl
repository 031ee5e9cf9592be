#!/usr/bin/perl
# fiction.pl -- prints Bev's Magnum P.I. stories from the DATA section
use strict;
use warnings;
use CGI qw(:standard);
use lib '../lib';
use SitePage qw(page story_markup);

my $cgi = CGI->new;
my @stories = split /^==STORY==\n/m, do { local $/; <DATA> };
shift @stories;

page(
  heading => 'Magnum P.I. Fan Fiction',
  title   => "Bev's Magnum P.I. stories",
  code    => sub {
    for my $story (@stories) {
      print story_markup($story);
    }
  },
);

__DATA__
==STORY==
heading: Higgins and the Dogs
author: Beverly Stroud
rating: G
disclaimer: Magnum P.I. belongs to Universal and Belisarius. I only wish I had a Ferrari.

Thomas Magnum had been awake for nine minutes when he realised the
Lads were not barking.

This was wrong. Zeus and Apollo barked at the mailman, at the
gardener, at the ocean, and most of all at Magnum, every single morning,
from the moment his feet hit the sand. Silence meant something had
happened. Silence meant I<Higgins>.

He found them on the lanai. Both Dobermans were lying at Higgins's
feet like two black rugs, gazing up at him with adoring eyes, while the
Englishman read aloud from a thick leather book.

Q<... and so the regiment held the ridge until dawn,> Higgins was saying.
He looked up. Q<Ah, Magnum. The Lads are fond of Kipling. I find it
settles them.>

Magnum looked at the dogs. The dogs looked at Magnum. Neither of them
so much as growled.

Q<Higgins,> he said, Q<I think I'm going to go back to bed.>
