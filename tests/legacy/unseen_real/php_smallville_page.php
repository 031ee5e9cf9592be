<?php
$page_title = "Kryptonite Kisses :: Smallville Fan Fiction :: Harvest Moon";
$section = "fiction";
include("../includes/header.php");
?>

<div id="story">

<h1>Harvest Moon</h1>
<p class="byline">By Delphine Arceneaux</p>

<p class="info"><b>Rating:</b> PG<br />
<b>Pairing:</b> Clark/Lana<br />
<b>Summary:</b> The Harvest Festival, a Ferris wheel, and one secret Clark almost tells.<br />
<b>Disclaimer:</b> Smallville belongs to Tollin/Robbins, Millar/Gough Ink, DC Comics and the WB. I own nothing.</p>

<hr />

<p>The Ferris wheel at the Smallville Harvest Festival was older than Clark's father, and it creaked at the top like a ship in a storm.</p>

<p>"It's perfectly safe," Lana said, gripping the bar so hard her knuckles went white.</p>

<p>"I know." Clark could hear every bolt in the frame. Two of them were loose. He kept one hand under the seat, just in case, and tried to look like a boy who was only holding on.</p>

<p>They stopped at the very top. Below them the fairground spread out in strings of yellow lights, and past that the dark fields ran all the way to the edge of the sky, where the moon was coming up huge and orange over the Kents' barn.</p>

<p>"Clark," Lana said, "can I tell you something?"</p>

<p>He almost said <i>me first</i>. He almost told her everything, right there, a hundred feet up with the wheel groaning around them. Then the wheel jerked and began to move again, and the moment went down with it, one car at a time, until they were standing on the ground and she was smiling at him and it was too late.</p>

<p>&nbsp;</p>

<p align="center">~ the end ~</p>

<p>Feedback makes my day: <a href="mailto:delphine@kryptonite-kisses.example.com">delphine@kryptonite-kisses.example.com</a></p>

<p><a href="index.php">Back to Delphine's stories</a> | <a href="../index.php">Home</a></p>

</div>

<?php include("../includes/footer.php"); ?>
